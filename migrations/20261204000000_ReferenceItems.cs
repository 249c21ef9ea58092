using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>Master data read from each system (accounts, vendors, dimension values, legal entities).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261204000000_ReferenceItems")]
public sealed class ReferenceItems : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ReferenceItems",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                System = t.Column<string>(maxLength: 40, nullable: false),
                Kind = t.Column<string>(maxLength: 40, nullable: false),
                Group = t.Column<string>(maxLength: 100, nullable: false),
                ExternalId = t.Column<string>(maxLength: 200, nullable: false),
                Code = t.Column<string>(maxLength: 200, nullable: false),
                Name = t.Column<string>(maxLength: 500, nullable: false),
                Active = t.Column<bool>(nullable: false),
                RawJson = t.Column<string>(nullable: false),
                FetchedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ReferenceItems", x => x.Id);
                t.ForeignKey("FK_ReferenceItems_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ReferenceItems_IntegrationId_System_Kind_Group_ExternalId", "ReferenceItems",
            ["IntegrationId", "System", "Kind", "Group", "ExternalId"], unique: true);
        migrationBuilder.CreateIndex("IX_ReferenceItems_WorkspaceId", "ReferenceItems", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ReferenceItems");
}
