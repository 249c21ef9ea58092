using System.ComponentModel.DataAnnotations;

namespace MlConnector.Web.Features.ReferenceData;

public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    /// <summary>
    /// How often every integration's master data is read again. Not below five minutes: each refresh reads every
    /// list of every system of every workspace, and the systems rate-limit per company.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "ReferenceData:RefreshEvery must be between 00:05:00 and 7.00:00:00 (days.hours:minutes:seconds).")]
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromHours(6);
}
