using MlConnector.Sandbox.Seed;

namespace MlConnector.Sandbox.Ramp;

// Mutable records of the simulated Ramp business. Only touched under RampState's lock.

internal sealed class RampEntity(LegalEntity seed)
{
    public string Id { get; } = RampIds.For("entity:" + seed.Id);
    public LegalEntity Seed => seed;
    public bool IsPrimary => seed.Id == "hpus";
}

internal enum TransactionSync { NotSyncReady, SyncReady, Synced }

internal sealed class RampTransaction(CardTransaction seed)
{
    public CardTransaction Seed => seed;
    public string Id => seed.Id;
    public CardState State { get; set; } = seed.State;
    // A cleared charge is coded and marked ready in the seed: the connector's work queue on day one.
    public TransactionSync Sync { get; set; } = seed.State == CardState.Cleared ? TransactionSync.SyncReady : TransactionSync.NotSyncReady;
    public DateTimeOffset? SyncedAt { get; set; }
    public string? ReferenceId { get; set; }
    public string? LastSyncError { get; set; }
}

internal enum BillSync { NotSynced, BillSynced, BillAndPaymentSynced }

internal sealed class RampBill(Bill seed)
{
    public Bill Seed => seed;
    public string Id => seed.Id;
    public BillStatus Status { get; set; } = seed.Status;
    public DateOnly? PaidOn { get; set; } = seed.PaidOn;
    public BillSync Sync { get; set; } = BillSync.NotSynced;
    public string? RemoteId { get; set; }
    public string? DeepLinkUrl { get; set; }
    public string? LastSyncError { get; set; }

    public bool IsPaid => Status == BillStatus.Paid;

    /// <summary>Drafts are not bills yet in Ramp's API (GET /bills/{id} answers 7002 for them).</summary>
    public bool IsVisible => Status != BillStatus.Draft;

    /// <summary><c>sync_ready=true</c>: the bill still has an export phase to do.</summary>
    public bool SyncReady => IsVisible && (Sync == BillSync.NotSynced || (Sync == BillSync.BillSynced && IsPaid));
}

internal sealed class RampVendor(Vendor seed)
{
    public string Id { get; } = RampIds.For("vendor:" + seed.Number);
    public Vendor Seed => seed;
    public string Name { get; } = RampVendorNames.Of(seed);
    public string? AccountingVendorRemoteId { get; set; }
    public bool IsActive { get; set; } = seed.Active;
}

internal sealed class RampConnection(string id, string provider, DateTimeOffset at)
{
    public string Id => id;
    public string Provider => provider;
    public DateTimeOffset CreatedAt { get; } = at;
    public DateTimeOffset? LastLinkedAt { get; set; } = at;
    public bool IsActive { get; set; } = true;
}

/// <summary>A GL account, accounting vendor or field option uploaded by the connector (remote id = ERP id).</summary>
internal sealed class UploadedItem(string rampId, string connectionId, string remoteId, DateTimeOffset at)
{
    public string RampId => rampId;
    public string ConnectionId => connectionId;
    public string RemoteId => remoteId;
    public string Name { get; set; } = "";
    public string? Code { get; set; }
    public string? Classification { get; set; }
    public string? FieldRampId { get; set; }
    public string? DisplayName { get; set; }
    public string Visibility { get; set; } = "VISIBLE";
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; } = at;
    public DateTimeOffset UpdatedAt { get; set; } = at;
}

internal sealed class CustomField(string rampId, string connectionId, string remoteId, DateTimeOffset at)
{
    public string RampId => rampId;
    public string ConnectionId => connectionId;
    public string RemoteId => remoteId;
    public string Name { get; set; } = "";
    public string? DisplayName { get; set; }
    public string InputType { get; set; } = "SINGLE_CHOICE";
    public bool IsSplittable { get; set; }
    public IReadOnlyList<string> IsRequiredFor { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; } = at;
    public DateTimeOffset UpdatedAt { get; set; } = at;
}

internal sealed class WebhookSubscription(string id, string url, IReadOnlyList<string> eventTypes, string secret, string challenge, DateTimeOffset at)
{
    public string Id => id;
    public string EndpointUrl => url;
    public IReadOnlyList<string> EventTypes => eventTypes;
    public string Secret => secret;
    public string Challenge => challenge;
    public IReadOnlyDictionary<string, string> AdditionalHeaders { get; init; } = new Dictionary<string, string>();
    public string Status { get; set; } = "pending_verification";
    public DateTimeOffset CreatedAt { get; } = at;
    public DateTimeOffset UpdatedAt { get; set; } = at;
}
