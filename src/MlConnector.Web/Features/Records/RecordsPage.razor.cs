using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Workspaces;
using Radzen;
using Radzen.Blazor;

namespace MlConnector.Web.Features.Records;

/// <summary>
/// The record explorer: the workspace's records paged, sorted and filtered on the server (never all rows), with a
/// selection of ticked records or "all matching" for the replay console.
/// </summary>
public sealed partial class RecordsPage
{
    private static readonly IEnumerable<int> PageSizes = [25, 50, 100];
    private static readonly object[] States = Enum.GetValues<SyncState>().Select(s => new { Text = SyncLabels.State(s), Value = (SyncState?)s }).ToArray();
    private static readonly object[] Categories = Enum.GetValues<SyncErrorCategory>().Select(c => new { Text = RecordLabels.Category(c), Value = (SyncErrorCategory?)c }).ToArray();
    private static readonly object[] DateFields = [new { Text = "Changed", Value = RecordDateField.UpdatedAt }, new { Text = "Received", Value = RecordDateField.CreatedAt }];

    [Inject] public required RecordExplorer Explorer { get; init; }
    [Inject] public required RecordReplays Replays { get; init; }
    [Inject] public required CurrentWorkspace Current { get; init; }

    [SupplyParameterFromQuery(Name = "integration")] public Guid? IntegrationQuery { get; set; }
    [SupplyParameterFromQuery(Name = "state")] public string? StateQuery { get; set; }

    private RadzenDataGrid<RecordRow> grid = default!;
    private IReadOnlyList<RecordRow>? rows;
    private int count;
    private bool loading, ready;
    private IReadOnlyList<RecordIntegration> integrations = [];
    private IReadOnlyList<string> flows = [];

    private string? text;
    private Guid? integrationId;
    private SyncState? state;
    private string? flow;
    private SyncErrorCategory? category;
    private RecordDateField dateField;
    private DateTime? from, to;

    private readonly HashSet<Guid> selected = [];
    private bool allMatching;
    private RecordSelection? replaying;
    private string replayingWhat = "";
    private int replayGeneration;

    private bool PageSelected => rows is { Count: > 0 } && (allMatching || rows.All(r => selected.Contains(r.Id)));

    private RecordFilter Filter => new()
    {
        IntegrationId = integrationId, State = state, Flow = flow, ErrorCategory = category, DateField = dateField, Text = text,
        // Dates are picked as UTC days; "to" includes its whole day.
        From = from is { } f ? new DateTimeOffset(f.Date, TimeSpan.Zero) : null,
        To = to is { } t ? new DateTimeOffset(t.Date.AddDays(1), TimeSpan.Zero) : null,
    };

    protected override async Task OnWorkspaceEnteredAsync()
    {
        if (Explorer.CanExplore)
        {
            integrations = await Explorer.IntegrationsAsync();
            flows = await Explorer.FlowsAsync();
            integrationId = integrations.Any(i => i.Id == IntegrationQuery) ? IntegrationQuery : null;
            state = Enum.TryParse<SyncState>(StateQuery, ignoreCase: true, out var s) ? s : null;
        }
        // The grid asks for its first page as soon as it renders: only once the filter from the address is in place.
        ready = true;
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        var sort = args.Sorts?.FirstOrDefault(s => s.SortOrder is not null);
        var by = sort?.Property == nameof(RecordRow.CreatedAt) ? RecordSort.CreatedAt : RecordSort.UpdatedAt;
        var descending = sort is null || sort.SortOrder == SortOrder.Descending;
        var page = await Explorer.PageAsync(Filter, args.Skip ?? 0, args.Top ?? 25, by, descending);
        (rows, count, loading) = (page.Rows, page.Count, false);
    }

    private async Task FilterAsync()
    {
        // A new filter is a new question: "all matching" meant the old one.
        allMatching = false;
        await grid.FirstPage(forceReload: true);
    }

    private async Task ClearAsync()
    {
        (text, integrationId, state, flow, category, dateField, from, to) = (null, null, null, null, null, RecordDateField.UpdatedAt, null, null);
        await FilterAsync();
    }

    private void Toggle(Guid id, bool on)
    {
        if (on) selected.Add(id);
        else selected.Remove(id);
    }

    private void SelectPage(bool on)
    {
        allMatching = false;
        foreach (var row in rows ?? []) Toggle(row.Id, on);
    }

    private void SelectAllMatching() => (allMatching, replaying) = (true, null);

    private void ClearSelection()
    {
        selected.Clear();
        (allMatching, replaying) = (false, null);
    }

    private void OpenReplay()
    {
        replaying = allMatching ? RecordSelection.Matching(Filter) : RecordSelection.Of(selected.ToList());
        replayingWhat = allMatching ? $"all {count:N0} records matching the filter" : $"{selected.Count:N0} selected record{(selected.Count == 1 ? "" : "s")}";
        replayGeneration++;
    }

    private async Task CloseReplayAsync()
    {
        replaying = null;
        ClearSelection();
        await grid.Reload();
    }
}
