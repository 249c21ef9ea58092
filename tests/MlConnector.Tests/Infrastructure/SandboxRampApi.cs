using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlConnector.Sandbox.Ramp;
using MlConnector.Web.Integrations.Common;

namespace MlConnector.Tests.Infrastructure;

/// <summary>The host's Ramp simulator as a test plays Ramp's user or checks its state: the sandbox app's token, every scope.</summary>
public static class SandboxRampApi
{
    /// <summary>A client whose base address is <c>…/developer/v1/</c>, authorised with a fresh bearer token.</summary>
    public static async Task<HttpClient> CreateAsync(PortalHost host)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.Services.GetRequiredService<ISandboxEndpoint>().SimulatorBase("ramp")!, "developer/v1/") };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = string.Join(' ', RampSimulator.AllScopes) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "token") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RampSimulator.DefaultClientId}:{RampSimulator.DefaultClientSecret}")));
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
