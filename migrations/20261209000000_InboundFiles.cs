using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>Every file received from an SFTP server or drop folder: its hash (unique per integration), rows, row errors and state.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261209000000_InboundFiles")]
public sealed class InboundFiles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "InboundFiles",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Source = t.Column<string>(maxLength: 60, nullable: false),
                Path = t.Column<string>(maxLength: 1000, nullable: false),
                ContentHash = t.Column<string>(maxLength: 64, nullable: false),
                Size = t.Column<long>(nullable: false),
                ReceivedAt = t.Column<DateTimeOffset>(nullable: false),
                Rows = t.Column<int>(nullable: false),
                AcceptedRows = t.Column<int>(nullable: false),
                RowErrorsJson = t.Column<string>(nullable: false),
                State = t.Column<string>(maxLength: 20, nullable: false),
                Content = t.Column<string>(nullable: true),
                ProcessedAt = t.Column<DateTimeOffset>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_InboundFiles", x => x.Id);
                t.ForeignKey("FK_InboundFiles_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_InboundFiles_IntegrationId_ContentHash", "InboundFiles", ["IntegrationId", "ContentHash"], unique: true);
        migrationBuilder.CreateIndex("IX_InboundFiles_IntegrationId_ReceivedAt", "InboundFiles", ["IntegrationId", "ReceivedAt"]);
        migrationBuilder.CreateIndex("IX_InboundFiles_WorkspaceId", "InboundFiles", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("InboundFiles");
}
