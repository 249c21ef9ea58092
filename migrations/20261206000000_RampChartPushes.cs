using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>The outcome of each push of an ERP's chart into Ramp (counts, refused items, failure), for the integration page.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261206000000_RampChartPushes")]
public sealed class RampChartPushes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RampChartPushes",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                StartedAt = t.Column<DateTimeOffset>(nullable: false),
                FinishedAt = t.Column<DateTimeOffset>(nullable: false),
                CountsJson = t.Column<string>(nullable: false),
                RejectedJson = t.Column<string>(nullable: false),
                Failure = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RampChartPushes", x => x.Id);
                t.ForeignKey("FK_RampChartPushes_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RampChartPushes_IntegrationId_StartedAt", "RampChartPushes", ["IntegrationId", "StartedAt"]);
        migrationBuilder.CreateIndex("IX_RampChartPushes_WorkspaceId", "RampChartPushes", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("RampChartPushes");
}
