using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;

namespace MlConnector.Migrations;

/// <summary>
/// Indexes for the record explorer's pages and counts at 100,000+ records per workspace: newest first, by state, by
/// creation date, by error category and per integration, each ending in Id so ties page in a stable order straight from the index.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261213200000_RecordExplorerIndexes")]
public sealed class RecordExplorerIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_SyncRecords_WorkspaceId_UpdatedAt_Id", "SyncRecords", ["WorkspaceId", "UpdatedAt", "Id"]);
        migrationBuilder.CreateIndex("IX_SyncRecords_WorkspaceId_State_UpdatedAt_Id", "SyncRecords", ["WorkspaceId", "State", "UpdatedAt", "Id"]);
        migrationBuilder.CreateIndex("IX_SyncRecords_WorkspaceId_CreatedAt_Id", "SyncRecords", ["WorkspaceId", "CreatedAt", "Id"]);
        migrationBuilder.CreateIndex("IX_SyncRecords_IntegrationId_UpdatedAt_Id", "SyncRecords", ["IntegrationId", "UpdatedAt", "Id"]);
        migrationBuilder.CreateIndex("IX_SyncRecords_WorkspaceId_ErrorCategory_UpdatedAt_Id", "SyncRecords", ["WorkspaceId", "ErrorCategory", "UpdatedAt", "Id"]);
        // A record's trail: with only IX_AuditEvents_WorkspaceId and IX_AuditEvents_RecordId_Id, SQLite (no statistics) read the
        // whole workspace's trail for the tenancy filter's WorkspaceId = @p AND RecordId = @q.
        migrationBuilder.CreateIndex("IX_AuditEvents_WorkspaceId_RecordId_Id", "AuditEvents", ["WorkspaceId", "RecordId", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_AuditEvents_WorkspaceId_RecordId_Id", "AuditEvents");
        migrationBuilder.DropIndex("IX_SyncRecords_WorkspaceId_ErrorCategory_UpdatedAt_Id", "SyncRecords");
        migrationBuilder.DropIndex("IX_SyncRecords_IntegrationId_UpdatedAt_Id", "SyncRecords");
        migrationBuilder.DropIndex("IX_SyncRecords_WorkspaceId_CreatedAt_Id", "SyncRecords");
        migrationBuilder.DropIndex("IX_SyncRecords_WorkspaceId_State_UpdatedAt_Id", "SyncRecords");
        migrationBuilder.DropIndex("IX_SyncRecords_WorkspaceId_UpdatedAt_Id", "SyncRecords");
    }
}
