using MlConnector.Sandbox;
using MlConnector.Web.Components;
using MlConnector.Web.Components.Account;
using MlConnector.Web.Data;
using MlConnector.Web.Features.Connections;
using MlConnector.Web.Features.Dashboard;
using MlConnector.Web.Features.Exceptions;
using MlConnector.Web.Features.Files;
using MlConnector.Web.Features.Health;
using MlConnector.Web.Features.Jobs;
using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Notifications;
using MlConnector.Web.Features.Onboarding;
using MlConnector.Web.Features.RampChart;
using MlConnector.Web.Features.RampD365;
using MlConnector.Web.Features.Records;
using MlConnector.Web.Features.ReferenceData;
using MlConnector.Web.Features.Sync;
using MlConnector.Web.Features.Webhooks;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortal();
builder.AddDatabase();
builder.AddAccounts();
builder.AddWorkspaces();
builder.AddConnectors();
builder.AddConnections();
builder.AddReferenceData();
builder.AddMappings();
builder.AddRampChart();
builder.AddRampD365();
builder.AddSync();
builder.AddRecords();
builder.AddExceptions();
builder.AddWebhooks();
builder.AddFiles();
builder.AddDashboard();
builder.AddNotifications();
builder.AddHealth();
builder.AddJobs();
builder.AddSandbox();

var app = builder.Build();

app.UsePortal();
app.UseSandbox();
app.MapHealth();
app.MapWebhooks();
app.MapAccountEndpoints();
app.MapOnboarding();
app.MapMappingEndpoints();
app.MapPortalPages();

app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
