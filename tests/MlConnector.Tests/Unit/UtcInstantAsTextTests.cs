using MlConnector.Web.Data;

namespace MlConnector.Tests.Unit;

public sealed class UtcInstantAsTextTests
{
    private static readonly UtcInstantAsText Converter = new();

    [Fact]
    public void TextOrder_IsTimeOrder_WhateverTheOffsetsAndFractions()
    {
        var instants = new[]
        {
            new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.FromHours(2)),    // 21:00Z
            new DateTimeOffset(2026, 11, 21, 21, 0, 0, 500, TimeSpan.Zero),      // 21:00:00.5Z
            new DateTimeOffset(2026, 11, 21, 20, 59, 59, 999, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.FromHours(-5)),    // 06:00Z on the 22nd
            new DateTimeOffset(2026, 11, 21, 21, 0, 0, 50, TimeSpan.Zero),
        };

        var byText = instants.OrderBy(i => (string)Converter.ConvertToProvider(i)!, StringComparer.Ordinal);

        byText.ShouldBe(instants.OrderBy(i => i.UtcTicks));
    }

    [Fact]
    public void RoundTrip_KeepsTheInstantToTheTick()
    {
        var instant = new DateTimeOffset(2026, 11, 21, 23, 35, 15, TimeSpan.FromHours(1)).AddTicks(1234567);

        var back = (DateTimeOffset)Converter.ConvertFromProvider(Converter.ConvertToProvider(instant))!;

        back.ShouldBe(instant);
        back.Offset.ShouldBe(TimeSpan.Zero);
    }
}
