using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Workspaces;

/// <summary>The tenant: a customer's company. Everything the customer owns hangs off one workspace.</summary>
public sealed class Workspace
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset TrialEndsAt { get; set; }

    /// <summary>The integration the customer came from ("Get started" on its page): drives the checklist.</summary>
    public IntegrationKind? StartedWith { get; set; }
}
