using System.Text;

namespace MlConnector.Sandbox.D365;

/// <summary>
/// The HTTP face of <c>/data/</c>: bearer-token check (401 with an empty body and <c>WWW-Authenticate</c>, contract §1),
/// then one OData operation or a <c>$batch</c>.
/// </summary>
internal static class D365Http
{
    public static async Task HandleAsync(HttpContext http, D365Simulator simulator)
    {
        var (caller, problem) = simulator.Tokens.Validate(http.Request.Headers.Authorization.FirstOrDefault(),
            simulator.AudiencesFor(http), simulator.Faults.TokenGeneration);
        if (caller is null)
        {
            http.Response.StatusCode = 401;
            var challenge = $"Bearer authorization_uri=\"https://login.microsoftonline.com/{D365SandboxApp.TenantId}/oauth2/authorize\"";
            http.Response.Headers.WWWAuthenticate = problem.Length == 0
                ? challenge
                : $"{challenge}, error=\"invalid_token\", error_description=\"{problem}\"";
            return;
        }

        if (simulator.Throttle.Take(caller.ClientId, simulator.Settings.RequestsPerMinutePerClient) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteAsync(http, new ODataResponse(429, ODataJson.Error(new ODataFault(429, D365Simulator.ThrottledMessage)), ODataJson.ContentType));
            return;
        }

        var serviceRoot = simulator.BaseUrl(http) + "/data/";
        var full = http.Request.Path.Value ?? "";
        var at = full.IndexOf("/data", StringComparison.Ordinal);
        var path = full[(at + "/data".Length)..].TrimStart('/');
        var ieee754 = http.Request.Headers.Accept.ToString().Contains("IEEE754Compatible=true", StringComparison.OrdinalIgnoreCase)
            || (http.Request.ContentType?.Contains("IEEE754Compatible=true", StringComparison.OrdinalIgnoreCase) ?? false);
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync(http.RequestAborted);

        if (path == "$batch")
        {
            var response = http.Request.Method == "POST"
                ? D365Batch.Execute(simulator, http.Request.ContentType, body, caller, serviceRoot, ieee754)
                : new ODataResponse(405);
            await WriteAsync(http, response);
            return;
        }
        if (path == "$metadata" && http.Request.Method == "GET")
        {
            await WriteAsync(http, new ODataResponse(200, D365Metadata.Document(), "application/xml; charset=utf-8"));
            return;
        }
        if (path.Length == 0 && http.Request.Method == "GET")
        {
            await WriteAsync(http, new ODataResponse(200, ServiceDocument(serviceRoot), ODataJson.ContentType));
            return;
        }
        var request = new ODataRequest(http.Request.Method, path, http.Request.QueryString.Value ?? "", body, caller, serviceRoot, ieee754);
        await WriteAsync(http, simulator.OData.Execute(request));
    }

    private static async Task WriteAsync(HttpContext http, ODataResponse response)
    {
        http.Response.StatusCode = response.Status;
        http.Response.Headers["OData-Version"] = "4.0";
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) http.Response.Headers[name] = value;
        if (response.ContentType is not null) http.Response.ContentType = response.ContentType;
        if (response.Body.Length > 0) await http.Response.WriteAsync(response.Body, http.RequestAborted);
    }

    private static string ServiceDocument(string serviceRoot) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@odata.context"] = serviceRoot + "$metadata",
            ["value"] = D365EntitySets.All.Select(s => new Dictionary<string, string> { ["name"] = s.Name, ["kind"] = "EntitySet", ["url"] = s.Name }).ToArray(),
        });
}
