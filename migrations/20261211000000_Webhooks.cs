using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>
/// Every webhook delivery as received (unique event id per integration among accepted ones), and each integration's
/// webhook subscription at its provider with the signing secret encrypted.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261211000000_Webhooks")]
public sealed class Webhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "InboundEvents",
            columns: t => new
            {
                Id = t.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Provider = t.Column<string>(maxLength: 20, nullable: false),
                EventId = t.Column<string>(maxLength: 200, nullable: false),
                EventType = t.Column<string>(maxLength: 100, nullable: true),
                ObjectId = t.Column<string>(maxLength: 200, nullable: true),
                ReceivedAt = t.Column<DateTimeOffset>(nullable: false),
                Accepted = t.Column<bool>(nullable: false),
                RejectReason = t.Column<string>(maxLength: 300, nullable: true),
                RawBody = t.Column<string>(nullable: true),
                ProcessedAt = t.Column<DateTimeOffset>(nullable: true),
                Outcome = t.Column<string>(maxLength: 500, nullable: true),
                ProcessError = t.Column<string>(maxLength: 1000, nullable: true),
                Attempts = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_InboundEvents", x => x.Id);
                t.ForeignKey("FK_InboundEvents_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_InboundEvents_IntegrationId_Provider_EventId", "InboundEvents", ["IntegrationId", "Provider", "EventId"],
            unique: true, filter: "\"Accepted\"");
        migrationBuilder.CreateIndex("IX_InboundEvents_IntegrationId_ReceivedAt", "InboundEvents", ["IntegrationId", "ReceivedAt"]);
        migrationBuilder.CreateIndex("IX_InboundEvents_Unprocessed", "InboundEvents", "ReceivedAt", filter: "\"ProcessedAt\" IS NULL");
        migrationBuilder.CreateIndex("IX_InboundEvents_WorkspaceId", "InboundEvents", "WorkspaceId");

        migrationBuilder.CreateTable(
            name: "WebhookSubscriptions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkspaceId = t.Column<Guid>(nullable: false),
                IntegrationId = t.Column<Guid>(nullable: false),
                Provider = t.Column<string>(maxLength: 20, nullable: false),
                ExternalId = t.Column<string>(maxLength: 100, nullable: false),
                EndpointUrl = t.Column<string>(maxLength: 1000, nullable: false),
                EventTypes = t.Column<string>(maxLength: 2000, nullable: false),
                SecretCiphertext = t.Column<string>(nullable: false),
                Status = t.Column<string>(maxLength: 30, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                VerifiedAt = t.Column<DateTimeOffset>(nullable: true),
                CreatedBy = t.Column<string>(maxLength: 450, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_WebhookSubscriptions", x => x.Id);
                t.ForeignKey("FK_WebhookSubscriptions_Integrations_IntegrationId", x => x.IntegrationId, "Integrations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_WebhookSubscriptions_IntegrationId_Provider", "WebhookSubscriptions", ["IntegrationId", "Provider"], unique: true);
        migrationBuilder.CreateIndex("IX_WebhookSubscriptions_WorkspaceId", "WebhookSubscriptions", "WorkspaceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("WebhookSubscriptions");
        migrationBuilder.DropTable("InboundEvents");
    }
}
