using Microsoft.AspNetCore.Components;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Stampli;

namespace MlConnector.Web.Features.Connections;

/// <summary>One system's credentials: fields with help, secrets shown only as "Set", save, ping.</summary>
public sealed partial class ConnectionCard
{
    private readonly Dictionary<string, string> values = [];
    private readonly Dictionary<string, string> secretInputs = [];
    private readonly HashSet<string> replacing = [];
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private PingOutcome? ping;
    private bool busy;
    private bool saved;

    [Parameter, EditorRequired] public required ConnectionView View { get; set; }
    [Parameter] public bool CanEdit { get; set; }
    [Parameter, EditorRequired] public required string UserId { get; set; }
    [Parameter] public EventCallback Changed { get; set; }

    private string StateText => View switch
    {
        { LastPingOk: true } => $"Ping OK {View.LastPingAt:d MMM HH:mm}",
        { LastPingOk: false } => "Last ping failed",
        { IsSaved: true } => "Saved, not pinged",
        _ => "Not set up",
    };

    private string ReadOnlyValue(ConnectionField field) => field.IsSecret
        ? View.SecretsSet.Contains(field.Key) ? "Set" : "Not set"
        : View.Settings.GetValueOrDefault(field.Key) is { Length: > 0 } value ? value : "—";

    private string StateClass => View.LastPingOk switch { true => "ok", false => "failed", _ => "" };

    public static string SystemName(ExternalSystem system) => system switch
    {
        ExternalSystem.Ramp => "Ramp",
        ExternalSystem.Dynamics365 => "Dynamics 365 F&O",
        ExternalSystem.VismaNet => "Visma.net ERP",
        ExternalSystem.StampliSftp => "Stampli (SFTP)",
        _ => system.ToString(),
    };

    protected override void OnParametersSet()
    {
        foreach (var field in ConnectionFields.For(View.System))
        {
            if (field.IsSecret) secretInputs.TryAdd(field.Key, "");
            else values.TryAdd(field.Key, View.Settings.GetValueOrDefault(field.Key) ?? field.Default ?? "");
        }
    }

    private async Task SaveAsync()
    {
        saved = false;
        var typed = values.Concat(secretInputs).ToDictionary();
        errors = ConnectionFields.Validate(View.System, typed, View.SecretsSet, Sandbox.IsSandbox);
        if (errors.Count > 0) return;
        busy = true;
        try
        {
            await Store.SaveAsync(View.Id, values, secretInputs, UserId);
            // The typed secrets have done their job: drop them from the circuit's memory.
            foreach (var key in secretInputs.Keys) secretInputs[key] = "";
            replacing.Clear();
            saved = true;
            await Changed.InvokeAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task PingAsync()
    {
        busy = true;
        try
        {
            ping = await Pinger.PingAsync(View.Id);
            await Changed.InvokeAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ConfirmHostKeyAsync(HostKey key)
    {
        await Store.ConfirmHostKeyAsync(View.Id, key, UserId);
        await PingAsync();
    }
}
