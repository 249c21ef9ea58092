using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Onboarding;

/// <summary>What the public catalog says about one integration.</summary>
public sealed record IntegrationListing(
    IntegrationKind Kind,
    string Source,
    string Target,
    string Tagline,
    string Summary,
    IReadOnlyList<DataFlow> Flows,
    IReadOnlyList<SystemAuth> Authentication,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<FaqEntry> Faq)
{
    public string Title => $"{Source} ↔ {Target}";
    public string Slug => Kind.Slug();
}

public enum FlowDirection { ToErp, ToSource }

/// <summary>One kind of data that moves, and which way.</summary>
public sealed record DataFlow(string From, string To, FlowDirection Direction, string What, string Detail);

public sealed record SystemAuth(string System, string Method, string YouProvide);

public sealed record FaqEntry(string Question, string Answer);
