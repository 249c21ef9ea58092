using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;

namespace MlConnector.Migrations;

/// <summary>A stored, encrypted access token per connection (Ramp's ten-day token) and its expiry.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261203000000_ConnectionTokens")]
public sealed class ConnectionTokens : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "TokenCiphertext", table: "Connections", nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>(name: "TokenExpiresAt", table: "Connections", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "TokenCiphertext", table: "Connections");
        migrationBuilder.DropColumn(name: "TokenExpiresAt", table: "Connections");
    }
}
