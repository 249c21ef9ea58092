using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace MlConnector.Web.Features.Connections;

/// <summary>
/// Encrypts connection secrets with ASP.NET Core Data Protection under a purpose of their workspace's own,
/// so a ciphertext copied into another workspace's row cannot be read there.
/// </summary>
public sealed class ConnectionSecrets(IDataProtectionProvider protection)
{
    public string Protect(Guid workspaceId, IReadOnlyDictionary<string, string> secrets) =>
        For(workspaceId).Protect(JsonSerializer.Serialize(secrets));

    public IReadOnlyDictionary<string, string> Unprotect(Guid workspaceId, string? ciphertext) =>
        ciphertext is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(For(workspaceId).Unprotect(ciphertext)) ?? [];

    private IDataProtector For(Guid workspaceId) =>
        protection.CreateProtector("MlConnector.ConnectionSecrets", workspaceId.ToString("N"));
}
