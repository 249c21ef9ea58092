using System.Text.Json;

namespace MlConnector.Web.Integrations.Ramp;

/// <summary>An accounting connection in Ramp: the chart of accounts belongs to it, and one is active at a time.</summary>
public sealed record RampAccountingConnection(string Id, string RemoteProviderName, bool IsActive, string? ConnectionType);

/// <summary>The three uploadable parts of Ramp's chart; all are ERP-id keyed, batched ≤ 500 and soft-deleted.</summary>
public enum RampChartObject { GlAccount, AccountingVendor, FieldOption }

/// <summary>
/// Where chart items live: the GL accounts, the accounting vendors, or the options of one custom field
/// (<paramref name="FieldRampId"/> = the field's Ramp id, which Ramp wants both to list and to upload options).
/// </summary>
public sealed record RampChartList(RampChartObject Kind, string? FieldRampId = null)
{
    public static RampChartList GlAccounts { get; } = new(RampChartObject.GlAccount);

    public static RampChartList AccountingVendors { get; } = new(RampChartObject.AccountingVendor);

    public static RampChartList OptionsOf(string fieldRampId) => new(RampChartObject.FieldOption, fieldRampId);

    internal string Path => Kind switch
    {
        RampChartObject.GlAccount => "accounting/accounts",
        RampChartObject.AccountingVendor => "accounting/vendors",
        _ => "accounting/field-options",
    };

    /// <summary>The array's name in an upload body and its response.</summary>
    internal string ListName => Kind switch
    {
        RampChartObject.GlAccount => "gl_accounts",
        RampChartObject.AccountingVendor => "vendors",
        _ => "options",
    };

    /// <summary>Options carry their label in <c>value</c>; accounts and vendors in <c>name</c>.</summary>
    internal string NameProperty => Kind == RampChartObject.FieldOption ? "value" : "name";
}

/// <summary>
/// A GL account, accounting vendor or field option as Ramp holds it. <paramref name="RemoteId"/> is the ERP's id;
/// <paramref name="Visibility"/> is set for options only.
/// </summary>
public sealed record RampChartItem(string RemoteId, string RampId, string Name, string? Code, bool IsActive, string? Classification, string? Visibility)
{
    internal static RampChartItem Read(JsonElement e, RampChartList list) => new(
        Text(e, "id") ?? "", Text(e, "ramp_id") ?? "", Text(e, list.NameProperty) ?? "", Text(e, "code"),
        !e.TryGetProperty("is_active", out var active) || active.ValueKind != JsonValueKind.False,
        Text(e, "classification"), Text(e, "visibility"));

    internal static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One item of an upload batch. Ramp takes a code on accounts and options, a classification on accounts only.</summary>
public sealed record RampChartUpload(string Id, string Name, string? Code = null, string? Classification = null);

/// <summary>A PATCH of one chart item; null fields are left alone. <paramref name="Code"/> "" resets the code.</summary>
public sealed record RampChartPatch(string? Name = null, string? Code = null, bool Reactivate = false, string? Visibility = null);

public sealed record RampCustomField(string RemoteId, string RampId, string Name, string InputType, bool IsActive);

/// <summary>A vendor (payee) in Ramp, and the ERP vendor it is linked to, if any.</summary>
public sealed record RampVendor(string Id, string Name, string? AccountingVendorRemoteId, bool IsActive);
