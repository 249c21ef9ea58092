using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>The sync engine's ledger: one row per moving document, its append-only trail, and each integration's poll cadence.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261207000000_SyncRecords")]
public sealed class SyncRecords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("PollEveryMinutes", "Integrations", nullable: false, defaultValue: 15);
        migrationBuilder.AddColumn<DateTimeOffset>("LastPolledAt", "Integrations", nullable: true);

        migrationBuilder.CreateTable(
            name: "SyncRecords",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Flow = t.Column<string>(maxLength: 60, nullable: false),
                SourceId = t.Column<string>(maxLength: 200, nullable: false),
                NaturalKey = t.Column<string>(maxLength: 300, nullable: true),
                Summary = t.Column<string>(maxLength: 300, nullable: true),
                State = t.Column<string>(maxLength: 20, nullable: false),
                ErrorCategory = t.Column<string>(maxLength: 20, nullable: true),
                ErrorMessage = t.Column<string>(maxLength: 2000, nullable: true),
                ErrorHint = t.Column<string>(maxLength: 1000, nullable: true),
                ErrorReference = t.Column<string>(maxLength: 40, nullable: true),
                Attempts = t.Column<int>(nullable: false),
                NextAttemptAt = t.Column<DateTimeOffset>(nullable: false),
                LeaseOwner = t.Column<string>(maxLength: 100, nullable: true),
                LeaseExpiresAt = t.Column<DateTimeOffset>(nullable: true),
                VerifyBeforePost = t.Column<bool>(nullable: false),
                TargetDocumentId = t.Column<string>(maxLength: 200, nullable: true),
                SourceSnapshot = t.Column<string>(nullable: true),
                MappedPayload = t.Column<string>(nullable: true),
                MappingVersion = t.Column<long>(nullable: true),
                ReportPending = t.Column<bool>(nullable: false),
                ReportedAt = t.Column<DateTimeOffset>(nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(nullable: false),
                PayloadsPrunedAt = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_SyncRecords", x => x.Id);
                t.ForeignKey("FK_SyncRecords_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_SyncRecords_IntegrationId_Flow_SourceId", "SyncRecords", ["IntegrationId", "Flow", "SourceId"], unique: true);
        migrationBuilder.CreateIndex("IX_SyncRecords_IntegrationId_State_NextAttemptAt", "SyncRecords", ["IntegrationId", "State", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_SyncRecords_IntegrationId_ReportPending", "SyncRecords", ["IntegrationId", "ReportPending"]);
        migrationBuilder.CreateIndex("IX_SyncRecords_WorkspaceId", "SyncRecords", "WorkspaceId");

        migrationBuilder.CreateTable(
            name: "AuditEvents",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                RecordId = t.Column<Guid>(nullable: false),
                At = t.Column<DateTimeOffset>(nullable: false),
                Action = t.Column<string>(maxLength: 20, nullable: false),
                FromState = t.Column<string>(maxLength: 20, nullable: true),
                ToState = t.Column<string>(maxLength: 20, nullable: false),
                Actor = t.Column<string>(maxLength: 256, nullable: false),
                Message = t.Column<string>(maxLength: 2000, nullable: true),
                Detail = t.Column<string>(nullable: true),
                DurationMs = t.Column<int>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AuditEvents", x => x.Id);
                t.ForeignKey("FK_AuditEvents_SyncRecords_RecordId", x => x.RecordId, "SyncRecords", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_AuditEvents_RecordId_Id", "AuditEvents", ["RecordId", "Id"]);
        migrationBuilder.CreateIndex("IX_AuditEvents_IntegrationId_At", "AuditEvents", ["IntegrationId", "At"]);
        migrationBuilder.CreateIndex("IX_AuditEvents_WorkspaceId", "AuditEvents", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("AuditEvents");
        migrationBuilder.DropTable("SyncRecords");
        migrationBuilder.DropColumn("LastPolledAt", "Integrations");
        migrationBuilder.DropColumn("PollEveryMinutes", "Integrations");
    }
}
