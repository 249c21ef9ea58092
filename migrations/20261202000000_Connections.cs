using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>Integrations, their connections (secrets encrypted) and each connection's change history.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261202000000_Connections")]
public sealed class Connections : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Integrations",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkspaceId = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 40, nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Status = t.Column<string>(maxLength: 20, nullable: false),
                PausedReason = t.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Integrations", x => x.Id);
                t.ForeignKey("FK_Integrations_Workspaces_WorkspaceId", x => x.WorkspaceId, "Workspaces", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Connections",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                System = t.Column<string>(maxLength: 40, nullable: false),
                SettingsJson = t.Column<string>(nullable: false),
                SecretsCiphertext = t.Column<string>(nullable: true),
                SecretsVersion = t.Column<int>(nullable: false),
                LastPingAt = t.Column<DateTimeOffset>(nullable: true),
                LastPingOk = t.Column<bool>(nullable: true),
                LastPingJson = t.Column<string>(nullable: true),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Connections", x => x.Id);
                t.ForeignKey("FK_Connections_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ConnectionChanges",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                ConnectionId = t.Column<Guid>(nullable: false),
                At = t.Column<DateTimeOffset>(nullable: false),
                UserId = t.Column<string>(maxLength: 450, nullable: false),
                Description = t.Column<string>(maxLength: 500, nullable: false),
                SecretsVersion = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ConnectionChanges", x => x.Id);
                t.ForeignKey("FK_ConnectionChanges_Connections_ConnectionId", x => x.ConnectionId, "Connections", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Integrations_WorkspaceId", "Integrations", "WorkspaceId");
        migrationBuilder.CreateIndex("IX_Connections_IntegrationId_System", "Connections", ["IntegrationId", "System"], unique: true);
        migrationBuilder.CreateIndex("IX_Connections_WorkspaceId", "Connections", "WorkspaceId");
        migrationBuilder.CreateIndex("IX_ConnectionChanges_ConnectionId_At", "ConnectionChanges", ["ConnectionId", "At"]);
        migrationBuilder.CreateIndex("IX_ConnectionChanges_WorkspaceId", "ConnectionChanges", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ConnectionChanges");
        migrationBuilder.DropTable("Connections");
        migrationBuilder.DropTable("Integrations");
    }
}
