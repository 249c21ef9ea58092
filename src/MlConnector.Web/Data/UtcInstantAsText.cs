using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MlConnector.Web.Data;

/// <summary>
/// A <see cref="DateTimeOffset"/> as <c>2026-11-21 23:35:15.1234567+00:00</c>, always UTC and always
/// seven fractional digits, so that comparing the text compares the instants (SQLite only).
/// </summary>
internal sealed class UtcInstantAsText() : ValueConverter<DateTimeOffset, string>(
    value => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture),
    text => DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
{
    private const string Format = "yyyy-MM-dd HH:mm:ss.fffffffzzz";
}
