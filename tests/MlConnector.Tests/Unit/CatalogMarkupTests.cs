using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MlConnector.Web.Features.Onboarding;

namespace MlConnector.Tests.Unit;

/// <summary>Static markup of catalog components, rendered by the framework's HtmlRenderer.</summary>
public sealed class CatalogMarkupTests
{
    [Fact]
    public async Task IntegrationCards_LinkEveryIntegrationPage()
    {
        var html = await RenderAsync<IntegrationCards>(ParameterView.Empty);

        foreach (var listing in IntegrationCatalog.All)
        {
            html.ShouldContain($"href=\"integrations/{listing.Slug}\"");
            html.ShouldContain(listing.Title);
        }
    }

    [Fact]
    public async Task FaqList_PrerenderedWithoutACircuit_ShowsEveryAnswer()
    {
        var faq = IntegrationCatalog.All[2].Faq;

        var html = await RenderAsync<FaqList>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Entries"] = faq }));

        foreach (var entry in faq)
        {
            html.ShouldContain(entry.Question);
            html.ShouldContain(entry.Answer);
        }
    }

    private static async Task<string> RenderAsync<T>(ParameterView parameters) where T : IComponent
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<T>(parameters)).ToHtmlString());
        return WebUtility.HtmlDecode(html);
    }
}
