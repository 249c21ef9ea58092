using Microsoft.EntityFrameworkCore;
using MlConnector.Tests.Infrastructure;
using MlConnector.Tests.Integration;
using MlConnector.Web.Features.Exceptions;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;

namespace MlConnector.Tests.Exceptions;

/// <summary>Each role against the inbox's services: the service is the gate (Permission.FixExceptions), not the page.</summary>
public sealed class ExceptionInboxRoleTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Theory]
    [InlineData(WorkspaceRole.Owner)]
    [InlineData(WorkspaceRole.Admin)]
    [InlineData(WorkspaceRole.Finance)]
    [InlineData(WorkspaceRole.Support)]
    [InlineData(WorkspaceRole.Viewer)]
    public async Task EachRole_ReadsMapsAndTriesAgain_OnlyWithFixExceptions(WorkspaceRole role)
    {
        await using var context = await MappingContext.CreateAsync(portal.Host);
        var (blocked, failed) = await SeedAsync(context);
        using var member = TestIntegration.Enter(portal.Host, context.WorkspaceId, context.Integration);
        member.Get<CurrentWorkspace>().Enter(context.WorkspaceId, role);
        var (inbox, fixes) = (member.Get<ExceptionInbox>(), member.Get<ExceptionFixes>());
        var allowed = WorkspacePermissions.Allows(role, Permission.FixExceptions);
        (inbox.CanUse, fixes.CanFix).ShouldBe((allowed, allowed));
        allowed.ShouldBe(role is WorkspaceRole.Owner or WorkspaceRole.Admin or WorkspaceRole.Finance, "the issue's table");

        if (!allowed)
        {
            await Should.ThrowAsync<UnauthorizedAccessException>(() => inbox.ReadAsync(context.Integration));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => inbox.CountAsync(context.Integration));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => fixes.TryAgainAsync(context.Integration, FinanceText.GroupKey(Message), "x"));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => fixes.MapAsync(Group(context), "7203", "x"));
            await Should.ThrowAsync<UnauthorizedAccessException>(() => fixes.TargetsAsync(Group(context), null));
            (await StateAsync(context, blocked), await StateAsync(context, failed)).ShouldBe((SyncState.Blocked, SyncState.Failed));
            return;
        }
        var view = await inbox.ReadAsync(context.Integration);
        view.Mappings.ShouldHaveSingleItem().Title.ShouldBe("GL account 'Quantum flux capacitors' has no D365 main account");
        view.Failures.ShouldHaveSingleItem().Title.ShouldBe(Message);
        (await inbox.CountAsync(context.Integration)).ShouldBe(2);
        (await fixes.TargetsAsync(view.Mappings[0], "miscellaneous")).ShouldContain(t => t.Id == "7203");
        (await fixes.MapAsync(view.Mappings[0], "7203", $"{role}@test")).Released.ShouldBe([blocked.ToString()]);
        (await fixes.TryAgainAsync(context.Integration, view.Failures[0].Key, $"{role}@test")).ShouldBe(1);
        (await StateAsync(context, blocked), await StateAsync(context, failed)).ShouldBe((SyncState.Pending, SyncState.Pending));
        (await inbox.CountAsync(context.Integration)).ShouldBe(0);
    }

    private const string Message = "The bill has no invoice number.";

    private static MappingGroup Group(MappingContext context) =>
        new(context.Integration, "", MappingKind.GlAccount, "", "qb-5", "", "", 1, "1 bill", [], null, 0);

    /// <summary>One bill held on the unmapped legacy GL account qb-5, one refused for its missing invoice number.</summary>
    private static async Task<(Guid Blocked, Guid Failed)> SeedAsync(MappingContext context)
    {
        var now = DateTimeOffset.UtcNow;
        SyncRecord Record(string source, SyncState state, SyncErrorCategory category, string message) => new()
        {
            Id = Guid.CreateVersion7(), WorkspaceId = context.WorkspaceId, IntegrationId = context.Integration, Flow = RampBillFlow.FlowName, SourceId = source,
            Summary = $"Bill {source} · Acme · 10.00 USD", State = state, ErrorCategory = category, ErrorMessage = message, CreatedAt = now, UpdatedAt = now, NextAttemptAt = now,
        };
        var blocked = Record("B-1", SyncState.Blocked, SyncErrorCategory.MissingMapping, "Waiting for a mapping: GL account Quantum flux capacitors has no target yet.");
        var failed = Record("B-2", SyncState.Failed, SyncErrorCategory.UserActionable, Message);
        await using var db = context.OpenDb();
        db.SyncRecords.AddRange(blocked, failed);
        db.MappingHolds.Add(new MappingHold { IntegrationId = context.Integration, Kind = MappingKind.GlAccount, SourceKey = "qb-5", RecordKey = blocked.Id.ToString(), HeldAt = now });
        await db.SaveChangesAsync();
        return (blocked.Id, failed.Id);
    }

    private static async Task<SyncState> StateAsync(MappingContext context, Guid id)
    {
        await using var db = context.OpenDb();
        return await db.SyncRecords.Where(r => r.Id == id).Select(r => r.State).SingleAsync();
    }
}
