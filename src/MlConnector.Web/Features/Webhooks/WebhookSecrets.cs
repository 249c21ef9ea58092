using Microsoft.AspNetCore.DataProtection;

namespace MlConnector.Web.Features.Webhooks;

/// <summary>
/// Encrypts webhook signing secrets with Data Protection (keys in the database, shared by every node), under a purpose
/// of their own and of the workspace, like connection secrets: a ciphertext moved to another workspace or column is unreadable.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public string Protect(Guid workspaceId, string secret) => For(workspaceId).Protect(secret);

    public string Unprotect(Guid workspaceId, string ciphertext) => For(workspaceId).Unprotect(ciphertext);

    private IDataProtector For(Guid workspaceId) => protection.CreateProtector("MlConnector.WebhookSecrets", workspaceId.ToString("N"));
}
