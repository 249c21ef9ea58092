using MlConnector.Sandbox.Seed;
using MlConnector.Sandbox.Shared;

namespace MlConnector.Sandbox.Ramp;

/// <summary>
/// Ramp's Developer API at <c>/sandbox/ramp/developer/v1</c>: client-credentials tokens with scopes, the accounting
/// connection and chart uploads, the spend queues (transactions, bills, vendors, POs), sync reporting and signed
/// webhooks. State is in memory and seeded from the <see cref="SandboxCompany"/>.
/// Besides the shared <c>/_control</c> switches, tests and the control page can act as a Ramp user:
/// <c>POST _control/bills/{id}/approve</c>, <c>…/bills/{id}/pay</c>, <c>…/transactions/{id}/clear</c>, and
/// <c>POST _control/events</c> with <c>[{eventType, objectId}]</c> to emit raw events (one batch, in order).
/// Ramp publishes no per-item validation rules, so a test names the item Ramp refuses instead:
/// <see cref="RejectUploadsOf"/> or <c>POST _control/upload-rejections</c> with <c>{remoteId, message}</c> makes every
/// upload batch (GL accounts, accounting vendors, field options) that contains that remote id fail whole with 422
/// <c>DEVELOPER_7001</c> and that message, as a malformed item would. Reset clears these.
/// More spend than the seed holds (tests, <c>bench/MlConnector.Benchmarks</c> <c>flows</c>): <see cref="AddBill"/> and
/// <see cref="AddTransaction"/> put extra bills and card transactions in, e.g. copies of seeded ones under new ids.
/// </summary>
public sealed class RampSimulator : ISimulator, IAsyncDisposable
{
    /// <summary>The well-known sandbox app: every scope allowed. The portal and tests log in with it.</summary>
    public const string DefaultClientId = "sandbox-ramp-client";
    public const string DefaultClientSecret = "sandbox-ramp-secret";

    private readonly RampState state;
    private readonly RampAuth auth;
    private readonly RampWebhookDispatcher dispatcher;
    private readonly TimeProvider clock;

    public RampSimulator(SandboxCompany company, TimeProvider clock)
    {
        this.clock = clock;
        state = new RampState(company);
        auth = new RampAuth(() => Faults.TokenGeneration, clock);
        auth.Register(new RampApp(DefaultClientId, DefaultClientSecret, RampScopes.All.ToHashSet(StringComparer.Ordinal)));
        dispatcher = new RampWebhookDispatcher(Faults, id =>
        {
            lock (state.Gate) return state.Webhooks.Any(w => w.Id == id);
        });
    }

    public string Name => "ramp";

    public SimulatorFaults Faults { get; } = new(seed: 1);

    public TrafficLog Traffic { get; } = new();

    public SandboxCompany Company => state.Company;

    /// <summary>Every scope the simulator knows (what the default app may request).</summary>
    public static IReadOnlyList<string> AllScopes => RampScopes.All;

    /// <summary>Retry timings of webhook deliveries; tests shorten them.</summary>
    public RampWebhookOptions WebhookOptions
    {
        get => dispatcher.Options;
        set => dispatcher.Options = value;
    }

    /// <summary>The Ramp id of the seeded vendor with this ledger number (the truth vendor-mapping suggestions are scored against).</summary>
    public static string VendorIdOf(string vendorNumber) => RampIds.For("vendor:" + vendorNumber);

    /// <summary>Adds (or replaces) a client-credentials app, e.g. one with a restricted scope set.</summary>
    public void RegisterApp(string clientId, string clientSecret, IEnumerable<string> allowedScopes) =>
        auth.Register(new RampApp(clientId, clientSecret, allowedScopes.ToHashSet(StringComparer.Ordinal)));

    public void Map(RouteGroupBuilder routes)
    {
        var api = routes.MapGroup("/developer/v1");
        // Every Ramp response carries x-trace-id [doc S3]; set before the handler so error results get it too.
        api.AddEndpointFilter(async (context, next) =>
        {
            RampErrors.EnsureTraceId(context.HttpContext);
            return await next(context);
        });
        RampAuth.Map(api, auth);
        RampAccountingEndpoints.Map(api, state, auth, clock);
        RampAccountingItemEndpoints.Map(api, state, auth, clock);
        RampSyncEndpoints.Map(api, state, auth, clock);
        RampSpendEndpoints.Map(api, state, auth);
        RampWebhookEndpoints.Map(api, state, auth, dispatcher, clock);
        api.MapFallback(() => RampErrors.Error(404, RampErrors.NotFound, "Not found"));
        RampControlEndpoints.Map(routes.MapGroup("/_control"), this);
    }

    public void Reset() => state.Reset();

    /// <summary>Ramp's shape for an injected fault: the error envelope, <c>x-trace-id</c>, and Retry-After on 429.</summary>
    public async Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        RampErrors.EnsureTraceId(context);
        if (fault.Kind == FaultKind.RateLimited)
        {
            // Retry-After is undocumented for Ramp [doc S3]; we send it, connectors must not depend on it.
            context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await RampErrors.Error(429, RampErrors.RateLimited, "Rate limit exceeded").ExecuteAsync(context);
        }
        else await RampErrors.Error(503, RampErrors.ServerError, "Service temporarily unavailable").ExecuteAsync(context);
    }

    /// <summary>Every upload batch containing <paramref name="remoteId"/> is refused with 422 and <paramref name="message"/>, until Reset.</summary>
    public void RejectUploadsOf(string remoteId, string message)
    {
        lock (state.Gate) state.UploadRejections[remoteId] = message;
    }

    /// <summary>A bill gets paid in Ramp (opening its payment phase); emits <c>bills.paid</c>. False if no such bill.</summary>
    public bool MarkBillPaid(string billId)
    {
        lock (state.Gate)
        {
            if (!RampSyncEndpoints.MarkPaid(state, billId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))) return false;
            Emit([("bills.paid", billId)]);
            return true;
        }
    }

    /// <summary>A draft bill is approved: it appears in the API and its sync queue; emits <c>bills.approved</c>.</summary>
    public bool ApproveBill(string billId)
    {
        lock (state.Gate)
        {
            if (!state.Bills.TryGetValue(billId, out var bill) || bill.Status != BillStatus.Draft) return false;
            bill.Status = BillStatus.Approved;
            Emit([("bills.approved", billId)]);
            return true;
        }
    }

    /// <summary>
    /// Test hook: a bill as someone entered it in Ramp (e.g. without an invoice number), visible and ready to sync unless
    /// it is a draft; emits <c>bills.approved</c> for a visible one. Gone after <see cref="Reset"/>.
    /// </summary>
    public void AddBill(Bill bill)
    {
        lock (state.Gate)
        {
            state.Bills[bill.Id] = new RampBill(bill);
            if (bill.Status != BillStatus.Draft) Emit([("bills.approved", bill.Id)]);
        }
    }

    /// <summary>
    /// Test and benchmark hook: a card transaction as the cardholder coded it (e.g. a copy of a seeded one under a new id),
    /// ready to sync if cleared; emits <c>transactions.ready_to_sync</c> for a cleared one. Gone after <see cref="Reset"/>.
    /// </summary>
    public void AddTransaction(CardTransaction transaction)
    {
        lock (state.Gate)
        {
            state.Transactions[transaction.Id] = new RampTransaction(transaction);
            if (transaction.State == CardState.Cleared) Emit([("transactions.ready_to_sync", transaction.Id)]);
        }
    }

    /// <summary>The export error Ramp shows for a bill (the last failed sync's message), or null.</summary>
    public string? BillSyncError(string billId)
    {
        lock (state.Gate) return state.Bills.TryGetValue(billId, out var bill) ? bill.LastSyncError : null;
    }

    /// <summary>A pending card charge clears and is marked ready; emits <c>transactions.cleared</c> and <c>transactions.ready_to_sync</c>.</summary>
    public bool ClearTransaction(string transactionId)
    {
        lock (state.Gate)
        {
            if (!state.Transactions.TryGetValue(transactionId, out var t) || t.State != CardState.Pending) return false;
            (t.State, t.Sync) = (CardState.Cleared, TransactionSync.SyncReady);
            Emit([("transactions.cleared", transactionId), ("transactions.ready_to_sync", transactionId)]);
            return true;
        }
    }

    /// <summary>Sends these events (in this order, as one batch) to every active subscription that wants them.</summary>
    public void EmitEvents(IEnumerable<(string Type, string ObjectId)> events)
    {
        lock (state.Gate) Emit(events);
    }

    private void Emit(IEnumerable<(string Type, string ObjectId)> events) =>
        dispatcher.Enqueue(RampWebhookEndpoints.Deliveries(state, events, clock.GetUtcNow()));

    internal RampState State => state;

    public ValueTask DisposeAsync() => dispatcher.DisposeAsync();
}
