using System.Text.Json;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.D365;

namespace MlConnector.Web.Features.RampD365;

/// <summary>
/// Sends the documents of a worked batch to D365 together: one <c>$batch</c> request per <see cref="DocumentsPerRequest"/>
/// documents, each document its own atomic changeset, so one refused document never takes the others down and a batch
/// of 16 bills costs one call instead of 16.
/// </summary>
internal static class D365Posting
{
    /// <summary>Documents per request: small enough that a slow answer is not a timeout, large enough to matter.</summary>
    public const int DocumentsPerRequest = 25;

    /// <summary>One result per document, in order: its created entities, or why it was not created.</summary>
    public static async Task<IReadOnlyList<ConnectorResult<IReadOnlyList<JsonElement>>>> CreateAsync(FlowContext context, D365Credentials credentials,
        IReadOnlyList<IReadOnlyList<D365BatchCreate>> documents, CancellationToken ct)
    {
        // The typed client of the batch's scope: flows are singletons and must not pin one HttpClient forever.
        var d365 = context.Services.GetRequiredService<D365Client>();
        var results = new List<ConnectorResult<IReadOnlyList<JsonElement>>>(documents.Count);
        foreach (var chunk in documents.Chunk(DocumentsPerRequest))
        {
            var answered = await d365.BatchAsync(credentials, chunk, ct);
            // Throttled, refused token, no answer: the same for every document of the request.
            results.AddRange(answered.IsOk ? answered.Value! : chunk.Select(_ => (ConnectorResult<IReadOnlyList<JsonElement>>)answered.Failure!));
        }
        return results;
    }

    /// <summary>The same failure for every record (no credentials, settings incomplete).</summary>
    public static IReadOnlyList<ConnectorResult<PostOutcome>> AllFail(IReadOnlyList<SyncRecord> records, ConnectorFailure failure) =>
        records.Select(_ => (ConnectorResult<PostOutcome>)failure).ToList();
}
