namespace MlConnector.Web.Features.Exceptions;

public static class ExceptionsModule
{
    /// <summary>The finance exception inbox: blocked and refused documents grouped by cause, fixed in place.</summary>
    public static IHostApplicationBuilder AddExceptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ExceptionInbox>();
        builder.Services.AddScoped<ExceptionFixes>();
        return builder;
    }
}
