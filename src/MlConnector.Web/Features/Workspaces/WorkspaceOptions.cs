using System.ComponentModel.DataAnnotations;

namespace MlConnector.Web.Features.Workspaces;

public sealed class WorkspaceOptions
{
    public const string Section = "Workspaces";

    /// <summary>Length of the free trial a new workspace gets.</summary>
    [Range(1, 365, ErrorMessage = "Workspaces:TrialDays must be between 1 and 365.")]
    public int TrialDays { get; set; } = 30;
}
