using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;

namespace MlConnector.Migrations;

/// <summary>When a record's source snapshot came whole with a poll's list page (so its first attempt need not read it again).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261213100000_PolledSnapshots")]
public sealed class PolledSnapshots : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<DateTimeOffset>(name: "SnapshotPolledAt", table: "SyncRecords", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "SnapshotPolledAt", table: "SyncRecords");
}
