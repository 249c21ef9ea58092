using System.ComponentModel.DataAnnotations;

namespace MlConnector.Sandbox;

public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Mount the simulators under /sandbox. On in the zero-configuration run, off in production.</summary>
    public bool Enabled { get; set; }

    /// <summary>Seed of the generated company: the same seed gives the same data everywhere.</summary>
    public int Seed { get; set; } = 20261116;

    /// <summary>How many spend documents (bills, card transactions, POs) to generate.</summary>
    [Range(10, 100_000, ErrorMessage = "Sandbox:Documents must be between 10 and 100000.")]
    public int Documents { get; set; } = 600;

    /// <summary>Where the Stampli drop folder lives when no SFTP server is configured (relative to the app).</summary>
    public string StampliDropFolder { get; set; } = "data/stampli";
}
