using System.Text.Json;
using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// How a Ramp ↔ Dynamics 365 integration posts, set by the customer on the integration page. The legal entity is the
/// D365 connection's <c>dataAreaId</c>, and one Ramp entity posts into it; the poll cadence is <see cref="Integration.PollEveryMinutes"/>.
/// </summary>
/// <param name="DefaultDimensionFormat">The active "Default dimension" format of "Financial dimension configuration for
/// integrating applications", its segments joined by <c>-</c> (e.g. <c>Department-CostCenter</c>): invoice headers and lines.</param>
/// <param name="LedgerDimensionFormat">The active "Ledger dimension" format (e.g. <c>MainAccount-Department-CostCenter</c>): journal accounts.</param>
/// <param name="CardJournalName">The general journal name card transactions post into (F&amp;O: General ledger > Journal setup > Journal names).</param>
/// <param name="CardLiabilityAccount">The main account credited for card spend (the card-liability or clearing account).</param>
/// <param name="PaymentJournalName">The vendor payment journal name bill payments post into.</param>
/// <param name="PaymentBankAccount">The bank account (F&amp;O bank account id) a bill payment is offset against.</param>
/// <param name="CardJournalMaxTransactions">How many card transactions (vouchers) go into one journal: when the day's
/// journal holds this many, the next ones open another journal for the same day. Reviewing and posting stay manageable
/// (F&amp;O itself advises splitting journals of more than 30,000 lines before posting), and one bad line holds back fewer.</param>
/// <param name="RampEntityId">The Ramp entity whose spend posts into the connection's legal entity; null for Ramp's primary
/// entity (<see cref="Sync.Ramp.RampEntityScope"/>; stored under its <c>SettingName</c>).</param>
/// <remarks>Journal names and accounts are the customer's own, so they have no defaults: a flow that needs one and lacks it
/// pauses the integration and says which setting to fill in. The sandbox's values are <see cref="Sandbox"/>.</remarks>
public sealed record RampD365Settings(
    bool BillsOn = true,
    bool BillPaymentsOn = true,
    bool CardTransactionsOn = true,
    string DefaultDimensionFormat = "Department-CostCenter",
    string LedgerDimensionFormat = "MainAccount-Department-CostCenter",
    string? CardJournalName = null,
    string? CardLiabilityAccount = null,
    string? PaymentJournalName = null,
    string? PaymentBankAccount = null,
    string? RampEntityId = null,
    int CardJournalMaxTransactions = RampD365Settings.DefaultCardJournalMaxTransactions)
{
    public const int DefaultCardJournalMaxTransactions = 1_000;
    public const int MostCardJournalTransactions = 10_000;

    /// <summary>What the built-in D365 sandbox company is set up with.</summary>
    public static RampD365Settings Sandbox { get; } = new(CardJournalName: "CardSpend", CardLiabilityAccount: "2003", PaymentJournalName: "VendPay",
        PaymentBankAccount: "OPER");

    public static RampD365Settings Of(Integration integration) =>
        integration.SettingsJson is { Length: > 0 } json
            ? JsonSerializer.Deserialize<RampD365Settings>(json, JsonSerializerOptions.Web) ?? new RampD365Settings()
            : new RampD365Settings();

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    /// <summary>What is wrong with these settings, field by field; empty when they can be saved.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (DimensionFormat.TryParse(DefaultDimensionFormat, out var defaults) is { } defaultError) problems.Add($"Default dimension format: {defaultError}");
        else if (defaults!.Segments.Contains(DimensionFormat.MainAccount, StringComparer.OrdinalIgnoreCase))
            problems.Add("Default dimension format: MainAccount belongs to the ledger dimension format only.");
        if (DimensionFormat.TryParse(LedgerDimensionFormat, out var ledger) is { } ledgerError) problems.Add($"Ledger dimension format: {ledgerError}");
        else if (!ledger!.Segments.Contains(DimensionFormat.MainAccount, StringComparer.OrdinalIgnoreCase))
            problems.Add("Ledger dimension format: it must contain MainAccount.");
        if (CardTransactionsOn)
        {
            if (string.IsNullOrWhiteSpace(CardJournalName)) problems.Add("Card journal name: required while card transactions are on.");
            if (string.IsNullOrWhiteSpace(CardLiabilityAccount)) problems.Add("Card liability account: required while card transactions are on.");
        }
        if (CardJournalMaxTransactions is < 1 or > MostCardJournalTransactions)
            problems.Add($"Transactions per card journal: a number from 1 to {MostCardJournalTransactions:N0}.");
        if (BillPaymentsOn)
        {
            if (string.IsNullOrWhiteSpace(PaymentJournalName)) problems.Add("Payment journal name: required while bill payments are on.");
            if (string.IsNullOrWhiteSpace(PaymentBankAccount)) problems.Add("Payment bank account: required while bill payments are on.");
        }
        return problems;
    }
}
