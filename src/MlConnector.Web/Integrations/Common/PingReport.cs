namespace MlConnector.Web.Integrations.Common;

/// <summary>One check of a ping, with how long it took and, when it failed, what to do about it.</summary>
public sealed record PingStep(string Name, bool Ok, TimeSpan Took, string Detail, ConnectorFailure? Failure = null);

/// <summary>The checklist a ping shows: green only when every step passed.</summary>
public sealed record PingReport(IReadOnlyList<PingStep> Steps)
{
    public bool Ok => Steps.Count > 0 && Steps.All(s => s.Ok);

    public ConnectorFailure? FirstFailure => Steps.FirstOrDefault(s => !s.Ok)?.Failure;
}
