using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using MlConnector.Web.Features.Webhooks;

namespace MlConnector.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_0123456789abcdef";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"bills.approved","object":{"id":"bill_1"}}""");
    private static readonly byte[] Digest = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body);

    public static TheoryData<string> Encodings() =>
    [
        Convert.ToHexStringLower(Digest),
        Convert.ToHexString(Digest),
        Convert.ToBase64String(Digest),
        Convert.ToBase64String(Digest).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
        "sha256=" + Convert.ToHexStringLower(Digest),
        "SHA256=" + Convert.ToBase64String(Digest),
        "v1," + Convert.ToBase64String(Digest),
        "  " + Convert.ToHexStringLower(Digest) + " ",
    ];

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Verify_HexOrBase64WithOrWithoutPrefix_IsValid(string header) =>
        WebhookSignature.Verify(Secret, Body, [header]).ShouldBe(SignatureVerdict.Valid);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Verify_UnderEitherHeaderName_IsValid(int position)
    {
        // The receiver passes the values of X-Ramp-Signature and X-Ramp-Webhook-Signature in that order; either may be the one present.
        var values = new string?[] { null, null };
        values[position] = WebhookSignature.Sign(Secret, Body);

        WebhookSignature.Verify(Secret, Body, values).ShouldBe(SignatureVerdict.Valid);
        WebhookSignature.HeaderNames.ShouldBe(["X-Ramp-Signature", "X-Ramp-Webhook-Signature"]);
    }

    [Fact]
    public void Verify_NoHeaderOrBlank_IsMissing() =>
        WebhookSignature.Verify(Secret, Body, [null, "", "  "]).ShouldBe(SignatureVerdict.Missing);

    [Theory]
    [InlineData("another-secret")]
    [InlineData("whsec_0123456789abcdeF")]
    public void Verify_SignedWithAnotherSecret_IsMismatch(string other) =>
        WebhookSignature.Verify(Secret, Body, [WebhookSignature.Sign(other, Body)]).ShouldBe(SignatureVerdict.Mismatch);

    [Fact]
    public void Verify_OneChangedByteOfBody_IsMismatch()
    {
        var tampered = Body.ToArray();
        tampered[^3] ^= 1;

        WebhookSignature.Verify(Secret, tampered, [WebhookSignature.Sign(Secret, Body)]).ShouldBe(SignatureVerdict.Mismatch);
    }

    [Theory]
    [InlineData("deadbeef")]
    [InlineData("not a signature at all")]
    [InlineData("sha256=")]
    public void Verify_TruncatedOrGarbage_IsMismatch(string header) =>
        WebhookSignature.Verify(Secret, Body, [header]).ShouldBe(SignatureVerdict.Mismatch);

    [Fact]
    public void Verify_TruncatedDigest_IsMismatch() =>
        WebhookSignature.Verify(Secret, Body, [Convert.ToHexStringLower(Digest)[..62]]).ShouldBe(SignatureVerdict.Mismatch);

    [Fact]
    public void Verify_AForgedAndAGenuineHeader_IsValid() =>
        WebhookSignature.Verify(Secret, Body, [WebhookSignature.Sign("forged", Body), Convert.ToBase64String(Digest)]).ShouldBe(SignatureVerdict.Valid);

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://connector.example.com", true)]
    [InlineData("http://localhost:5080/", true)]
    [InlineData("connector.example.com", false)]
    [InlineData("ftp://connector.example.com/", false)]
    [InlineData("https://connector.example.com/?x=1", false)]
    public void Options_PublicBaseUrl_MustBeAnAbsoluteHttpUrl(string? url, bool valid)
    {
        var options = new WebhooksOptions { PublicBaseUrl = url };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true).ShouldBe(valid);
        if (valid && url is not null) options.PublicBase!.ToString().ShouldEndWith("/");
    }
}
