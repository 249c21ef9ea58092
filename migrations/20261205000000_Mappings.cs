using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>Mappings from source values to ERP values, their append-only history, and the records each gap holds back.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261205000000_Mappings")]
public sealed class Mappings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MappingEntries",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 40, nullable: false),
                Group = t.Column<string>(maxLength: 100, nullable: false),
                SourceKey = t.Column<string>(maxLength: 200, nullable: false),
                SourceCode = t.Column<string>(maxLength: 200, nullable: false),
                SourceName = t.Column<string>(maxLength: 500, nullable: false),
                SourcePresent = t.Column<bool>(nullable: false),
                SuggestedTargetId = t.Column<string>(maxLength: 200, nullable: true),
                SuggestionConfidence = t.Column<int>(nullable: false),
                SuggestionReason = t.Column<string>(maxLength: 200, nullable: true),
                TargetId = t.Column<string>(maxLength: 200, nullable: true),
                ChangedBy = t.Column<string>(maxLength: 256, nullable: true),
                ChangedAt = t.Column<DateTimeOffset>(nullable: true),
                Version = t.Column<long>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_MappingEntries", x => x.Id);
                t.ForeignKey("FK_MappingEntries_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_MappingEntries_IntegrationId_Kind_Group_SourceKey", "MappingEntries",
            ["IntegrationId", "Kind", "Group", "SourceKey"], unique: true);
        migrationBuilder.CreateIndex("IX_MappingEntries_WorkspaceId", "MappingEntries", "WorkspaceId");

        migrationBuilder.CreateTable(
            name: "MappingChanges",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 40, nullable: false),
                Group = t.Column<string>(maxLength: 100, nullable: false),
                SourceKey = t.Column<string>(maxLength: 200, nullable: false),
                OldTargetId = t.Column<string>(maxLength: 200, nullable: true),
                NewTargetId = t.Column<string>(maxLength: 200, nullable: true),
                Origin = t.Column<string>(maxLength: 40, nullable: false),
                ChangedBy = t.Column<string>(maxLength: 256, nullable: false),
                ChangedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_MappingChanges", x => x.Id);
                t.ForeignKey("FK_MappingChanges_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_MappingChanges_IntegrationId_Kind_Group_SourceKey", "MappingChanges", ["IntegrationId", "Kind", "Group", "SourceKey"]);
        migrationBuilder.CreateIndex("IX_MappingChanges_WorkspaceId", "MappingChanges", "WorkspaceId");

        migrationBuilder.CreateTable(
            name: "MappingHolds",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Kind = t.Column<string>(maxLength: 40, nullable: false),
                Group = t.Column<string>(maxLength: 100, nullable: false),
                SourceKey = t.Column<string>(maxLength: 200, nullable: false),
                RecordKey = t.Column<string>(maxLength: 200, nullable: false),
                HeldAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_MappingHolds", x => x.Id);
                t.ForeignKey("FK_MappingHolds_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_MappingHolds_IntegrationId_Kind_Group_SourceKey_RecordKey", "MappingHolds",
            ["IntegrationId", "Kind", "Group", "SourceKey", "RecordKey"], unique: true);
        migrationBuilder.CreateIndex("IX_MappingHolds_IntegrationId_RecordKey", "MappingHolds", ["IntegrationId", "RecordKey"]);
        migrationBuilder.CreateIndex("IX_MappingHolds_WorkspaceId", "MappingHolds", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("MappingHolds");
        migrationBuilder.DropTable("MappingChanges");
        migrationBuilder.DropTable("MappingEntries");
    }
}
