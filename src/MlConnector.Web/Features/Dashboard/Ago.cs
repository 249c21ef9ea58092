namespace MlConnector.Web.Features.Dashboard;

/// <summary>"5 min ago", "in 3 h": times a person reads at a glance.</summary>
public static class Ago
{
    public static string Since(DateTimeOffset at, DateTimeOffset now) => now - at < TimeSpan.FromMinutes(1) ? "just now" : $"{Span(now - at)} ago";

    public static string Until(DateTimeOffset at, DateTimeOffset now)
    {
        var span = at - now;
        if (span < TimeSpan.FromMinutes(-1)) return $"{Span(-span)} ago";
        return span < TimeSpan.FromMinutes(1) ? "in under a minute" : $"in {Span(span)}";
    }

    private static string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} min",
        { TotalHours: < 48 } => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} days",
    };
}
