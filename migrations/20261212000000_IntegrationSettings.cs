using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;

namespace MlConnector.Migrations;

/// <summary>An integration's flow settings (journal names, offset accounts, dimension formats, which flows are on) as JSON.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261212000000_IntegrationSettings")]
public sealed class IntegrationSettings : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "SettingsJson", table: "Integrations", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "SettingsJson", table: "Integrations");
}
