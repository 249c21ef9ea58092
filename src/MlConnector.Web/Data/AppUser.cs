using Microsoft.AspNetCore.Identity;

namespace MlConnector.Web.Data;

public sealed class AppUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Where "Open the app" takes the user: the workspace they last worked in.</summary>
    public Guid? LastWorkspaceId { get; set; }
}
