using MlConnector.Web.Integrations.Common;

namespace MlConnector.Web.Features.RampChart;

/// <summary>What a push sends to Ramp: GL accounts, accounting vendors, the custom fields and the options of one dimension.</summary>
public enum ChartKind { GlAccount, AccountingVendor, CustomField, DimensionOption }

/// <summary>
/// What one push did to one part of Ramp's chart. <paramref name="Group"/> is the dimension for options, "" otherwise.
/// <paramref name="Retired"/> counts deactivations (accounts, vendors) and, for options, hidings: options keep their
/// history in Ramp, so they are hidden rather than deleted.
/// </summary>
public sealed record ChartCounts(ChartKind Kind, string Group, int Created, int Updated, int Retired, int Unchanged)
{
    public int Writes => Created + Updated + Retired;
}

/// <summary>An item Ramp refused, and Ramp's reason (status, code and message as Ramp gave them).</summary>
public sealed record RejectedChartItem(ChartKind Kind, string Group, string RemoteId, string Name, string Reason);

/// <summary>How the accounting connection was found: already active, an earlier one of ours reactivated, or a new one.</summary>
public enum AccountingConnectionStep { None, Existing, Reactivated, Created }

/// <summary>
/// The outcome of one push: counts per part, the items Ramp refused (everything else landed), and the failure that
/// stopped the push, if one did (counts then say how far it got).
/// </summary>
public sealed record RampChartPushResult(
    AccountingConnectionStep Connection, IReadOnlyList<ChartCounts> Counts, IReadOnlyList<RejectedChartItem> Rejected, ConnectorFailure? Failure)
{
    public bool Completed => Failure is null;

    public static RampChartPushResult Failed(ConnectorFailure failure) => new(AccountingConnectionStep.None, [], [], failure);
}
