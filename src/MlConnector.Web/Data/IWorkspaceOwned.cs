namespace MlConnector.Web.Data;

/// <summary>
/// A row that belongs to exactly one workspace. <see cref="AppDbContext"/> filters every such entity
/// to the current workspace and stamps new rows with it: tenancy is enforced there and nowhere else.
/// </summary>
public interface IWorkspaceOwned
{
    Guid WorkspaceId { get; set; }
}
