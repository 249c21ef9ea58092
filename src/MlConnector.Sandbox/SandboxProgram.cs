namespace MlConnector.Sandbox;

/// <summary>The simulators on their own: <c>dotnet run --project src/MlConnector.Sandbox</c>.</summary>
public static class SandboxProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "true" });
        builder.AddSandbox();
        var app = builder.Build();
        app.UseSandbox();
        app.Run();
    }
}
