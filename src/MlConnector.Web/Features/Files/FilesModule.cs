namespace MlConnector.Web.Features.Files;

public static class FilesModule
{
    /// <summary>Files from SFTP servers and drop folders: stored once by hash, rows checked by line, good rows handed to the sync engine.</summary>
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<FileIntake>();
        builder.Services.AddScoped<FileInboxPoll>();
        return builder;
    }
}
