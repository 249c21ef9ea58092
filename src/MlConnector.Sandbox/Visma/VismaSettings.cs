namespace MlConnector.Sandbox.Visma;

/// <summary>
/// Switches for the behaviours the contract leaves open. Defaults are the strict/safe choice; tests and
/// the control page may change them (<see cref="VismaSimulator.Settings"/>), <c>reset</c> restores them.
/// </summary>
public sealed record VismaSettings
{
    /// <summary>Largest page a list returns; larger <c>pageSize</c> values are clamped silently (contract §4,
    /// real value unknown: open question 5). 100 is the smaller of the two seen, so paging is exercised.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>Open question 3: when off, a call without <c>ipp-company-id</c> uses the token's only company.</summary>
    public bool RequireCompanyHeader { get; init; } = true;

    /// <summary>Open question 4: a repeated <c>supplierReference</c> for the same supplier is refused (400).</summary>
    public bool RejectDuplicateSupplierReference { get; init; } = true;

    /// <summary>Open question 2: timestamps are written, and date filters read, as local time of this zone
    /// without an offset (as Visma does). UTC unless a test wants to catch a connector assuming UTC.</summary>
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>A refused action (e.g. releasing a document on hold): by default 200 with <c>actionResult</c>
    /// "Failed" and <c>errorInfo</c>, so a connector that only checks the status code is caught; on: a 400 IPPException.
    /// Which one Visma does is not documented (contract §3: [inferred]).</summary>
    public bool ActionFailuresAs400 { get; init; }

    /// <summary>Built-in limiter, besides the injected 429 fault: off by default.</summary>
    public VismaRateLimit RateLimit { get; init; } = new();

    /// <summary>Why these settings cannot be used, or null. Checked before they replace the current ones.</summary>
    public string? Problem()
    {
        if (MaxPageSize < 1) return "MaxPageSize must be 1 or more.";
        if (RateLimit is null || RateLimit.Capacity < 1 || RateLimit.WindowSeconds < 1) return "RateLimit needs Capacity and WindowSeconds of 1 or more.";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId ?? "", out _)) return $"Unknown time zone '{TimeZoneId}'.";
        return null;
    }
}

/// <summary>A token bucket per app and company (the contract's "per company + client"): <see cref="Capacity"/>
/// requests, refilled evenly over <see cref="WindowSeconds"/>. The default numbers are the 2021 production limit.</summary>
public sealed record VismaRateLimit(bool Enabled = false, int Capacity = 15_000, int WindowSeconds = 3600);
