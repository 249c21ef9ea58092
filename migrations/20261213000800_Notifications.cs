using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>
/// Who paused an integration (the owner is alerted only when it paused itself), each workspace's notification settings,
/// the episodes the notifier has seen and told about (one message per episode), and the dashboard's index of outcome events.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261213000800_Notifications")]
public sealed class Notifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "PausedBy", table: "Integrations", maxLength: 10, nullable: true);
        // The dashboard's: outcome events only, covering what its chart and counts read.
        migrationBuilder.CreateIndex("IX_AuditEvents_Outcomes", "AuditEvents", ["IntegrationId", "At", "Action", "RecordId"],
            filter: "\"Action\" IN ('Posted', 'Linked', 'Skipped', 'Failed')");

        migrationBuilder.CreateTable(
            name: "NotificationSettings",
            columns: t => new
            {
                WorkspaceId = t.Column<Guid>(nullable: false),
                Channel = t.Column<string>(maxLength: 10, nullable: false),
                EmailTo = t.Column<string>(maxLength: 1000, nullable: true),
                WebhookUrl = t.Column<string>(maxLength: 1000, nullable: true),
                WebhookSecretCiphertext = t.Column<string>(nullable: true),
                FailureThreshold = t.Column<int>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
                UpdatedBy = t.Column<string>(maxLength: 256, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_NotificationSettings", x => x.WorkspaceId);
                t.ForeignKey("FK_NotificationSettings_Workspaces_WorkspaceId", x => x.WorkspaceId, "Workspaces", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "NotificationEpisodes",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 10, nullable: false),
                StartedAt = t.Column<DateTimeOffset>(nullable: false),
                EndedAt = t.Column<DateTimeOffset>(nullable: true),
                Summary = t.Column<string>(maxLength: 1000, nullable: false),
                SentAt = t.Column<DateTimeOffset>(nullable: true),
                SentVia = t.Column<string>(maxLength: 10, nullable: true),
                Attempts = t.Column<int>(nullable: false),
                LastError = t.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_NotificationEpisodes", x => x.Id);
                t.ForeignKey("FK_NotificationEpisodes_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_NotificationEpisodes_IntegrationId_Kind_EndedAt", "NotificationEpisodes", ["IntegrationId", "Kind", "EndedAt"]);
        migrationBuilder.CreateIndex("IX_NotificationEpisodes_WorkspaceId", "NotificationEpisodes", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("NotificationEpisodes");
        migrationBuilder.DropTable("NotificationSettings");
        migrationBuilder.DropIndex("IX_AuditEvents_Outcomes", "AuditEvents");
        migrationBuilder.DropColumn(name: "PausedBy", table: "Integrations");
    }
}
