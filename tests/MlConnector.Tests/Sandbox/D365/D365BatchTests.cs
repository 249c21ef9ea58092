using System.Net;
using System.Text;
using System.Text.Json;
using MlConnector.Tests.Infrastructure;

namespace MlConnector.Tests.Sandbox.D365;

/// <summary>Contract §7: $batch with atomic changesets, and an outer 200 even when an inner part fails.</summary>
public sealed class D365BatchTests(SandboxHost host) : D365TestBase(host)
{
    private sealed record Op(string Method, string Url, object? Body = null);

    private sealed record Changeset(params Op[] Ops);

    /// <summary>Builds a multipart/mixed batch the way C4/C5 do: a <see cref="Changeset"/> or a standalone <see cref="Op"/> per part.</summary>
    private static StringContent Batch(params object[] parts)
    {
        var batch = $"batch_{Guid.NewGuid()}";
        var text = new StringBuilder();
        var id = 0;
        foreach (var part in parts)
        {
            text.Append($"--{batch}\r\n");
            if (part is Op single)
            {
                text.Append(Request(single, ++id));
                continue;
            }
            var changeset = $"changeset_{Guid.NewGuid()}";
            text.Append($"Content-Type: multipart/mixed; boundary={changeset}\r\n\r\n");
            foreach (var op in ((Changeset)part).Ops) text.Append($"--{changeset}\r\n").Append(Request(op, ++id));
            text.Append($"--{changeset}--\r\n");
        }
        text.Append($"--{batch}--\r\n");
        var content = new StringContent(text.ToString(), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={batch}");
        return content;
    }

    private static string Request(Op op, int id) =>
        "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n" + $"Content-ID: {id}\r\n\r\n" +
        $"{op.Method} {op.Url} HTTP/1.1\r\nOData-Version: 4.0\r\nContent-Type: application/json;odata.metadata=minimal\r\n\r\n" +
        (op.Body is null ? "" : JsonSerializer.Serialize(op.Body)) + "\r\n";

    private object NewHeader(string number) => new { dataAreaId = "hpus", InvoiceNumber = number, InvoiceAccount = UsVendor, Currency = "USD" };

    private static string JournalUrl(string batch) => $"data/LedgerJournalHeaders(dataAreaId='hpus',JournalBatchNumber='{batch}')";

    private static string[] Statuses(string body) =>
        body.Split("\r\n").Where(l => l.StartsWith("HTTP/1.1 ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToArray();

    private async Task<int> HeaderCountAsync(HttpClient client) =>
        (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value").GetArrayLength();

    [Fact]
    public async Task Batch_ChangesetThatSucceeds_CommitsEveryOperation()
    {
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/$batch", Batch(new Changeset(new Op("POST", "VendorInvoiceHeaders", NewHeader("B-1")), new Op("POST", "VendorInvoiceHeaders", NewHeader("B-2")))));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("multipart/mixed");
        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["201", "201"]);
        (await HeaderCountAsync(client)).ShouldBe(2);
    }

    [Fact]
    public async Task Batch_ChangesetWithAFailingOperation_RollsBackAllOfIt_AndStillAnswers200()
    {
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/$batch", Batch(new Changeset(new Op("POST", "VendorInvoiceHeaders", NewHeader("B-OK")), new Op("POST", "VendorInvoiceHeaders", new { InvoiceAccount = UsVendor }))));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        Statuses(body).ShouldBe(["500"]);
        body.ShouldContain("AxODataWriteException");
        body.ShouldContain("Infolog:");
        (await HeaderCountAsync(client)).ShouldBe(0);
    }

    [Fact]
    public async Task Batch_FailedChangeset_LeavesOtherChangesetsCommitted()
    {
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/$batch", Batch(
            new Changeset(new Op("POST", "VendorInvoiceHeaders", NewHeader("B-A"))),
            new Changeset(new Op("POST", "VendorInvoiceHeaders", NewHeader("B-A")))));

        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["201", "500"]);
        (await HeaderCountAsync(client)).ShouldBe(1);
    }

    [Fact]
    public async Task Batch_FailedChangeset_PutsBackTheJournalTotalsLinesAndNumbersItChanged()
    {
        using var client = await ConnectAsync();
        var batch = await D365JournalTests.CreateJournalAsync(client);
        (await PostJsonAsync(client, "data/LedgerJournalLines", D365JournalTests.Line(batch, debit: 120m))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var etag = (await GetJsonAsync(client, JournalUrl(batch))).GetProperty("@odata.etag").GetString();

        // A line (totals change), a new journal (the number sequence moves), then a line without a voucher fails them all.
        using var response = await client.PostAsync("data/$batch", Batch(new Changeset(
            new Op("POST", "LedgerJournalLines", D365JournalTests.Line(batch, debit: 50m)),
            new Op("POST", "LedgerJournalHeaders", new { JournalName = "GenJrn", Description = "rolled back" }),
            new Op("POST", "LedgerJournalLines", D365JournalTests.Line(batch, voucher: null)))));

        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["500"]);
        var header = await GetJsonAsync(client, JournalUrl(batch));
        header.GetProperty("JournalTotalDebit").GetDecimal().ShouldBe(120m);
        header.GetProperty("@odata.etag").GetString().ShouldBe(etag);
        (await GetJsonAsync(client, "data/LedgerJournalLines")).GetProperty("value").GetArrayLength().ShouldBe(1);
        (await D365JournalTests.CreateJournalAsync(client)).ShouldBe("HPUS-000002");
        using var next = await PostJsonAsync(client, "data/LedgerJournalLines", D365JournalTests.Line(batch, debit: 7m));
        (await JsonAsync(next)).GetProperty("LineNumber").GetDecimal().ShouldBe(2m);
    }

    [Fact]
    public async Task Batch_FailedChangeset_PutsBackADeletedInvoiceWithItsLines()
    {
        using var client = await ConnectAsync();
        var reference = await CreateInvoiceHeaderAsync(client, "INV-KEEP");
        for (var i = 0; i < 3; i++)
            (await PostJsonAsync(client, "data/VendorInvoiceLines", InvoiceLine(reference))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = $"VendorInvoiceHeaders(dataAreaId='hpus',HeaderReference='{reference}')";

        using var response = await client.PostAsync("data/$batch", Batch(new Changeset(
            new Op("DELETE", url), new Op("POST", "VendorInvoiceHeaders", new { InvoiceAccount = UsVendor }))));

        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["500"]);
        (await GetJsonAsync(client, "data/" + url)).GetProperty("InvoiceNumber").GetString().ShouldBe("INV-KEEP");
        (await GetJsonAsync(client, "data/VendorInvoiceLines")).GetProperty("value").EnumerateArray()
            .Select(l => l.GetProperty("InvoiceLineNumber").GetInt64()).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task Batch_PartialBatchFailureSwitch_FailsTheLastChangesetOnly()
    {
        Simulator.Faults.Settings = Simulator.Faults.Settings with { PartialBatchFailure = true };
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/$batch", Batch(
            new Changeset(new Op("POST", "VendorInvoiceHeaders", NewHeader("P-1"))),
            new Changeset(new Op("POST", "VendorInvoiceHeaders", NewHeader("P-2")))));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["201", "500"]);
        (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value").EnumerateArray()
            .Select(h => h.GetProperty("InvoiceNumber").GetString()).ShouldBe(["P-1"]);
    }

    [Fact]
    public async Task Batch_StandaloneGet_AnswersItsBody()
    {
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/$batch", Batch(new Op("GET", $"LegalEntities?$filter={Uri.EscapeDataString("LegalEntityId eq 'hpuk'")}")));

        var body = await response.Content.ReadAsStringAsync();
        Statuses(body).ShouldBe(["200"]);
        body.ShouldContain("\"LegalEntityId\":\"hpuk\"");
    }

    [Fact]
    public async Task Batch_ContentIdReference_AddressesTheEntityCreatedEarlier()
    {
        using var client = await ConnectAsync();

        using var response = await client.PostAsync("data/$batch", Batch(new Changeset(
            new Op("POST", $"{Environment}/data/VendorInvoiceHeaders", NewHeader("B-REF")), new Op("PATCH", "$1", new { InvoiceDescription = "Patched in batch" }))));

        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["201", "204"]);
        (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value")[0].GetProperty("InvoiceDescription").GetString().ShouldBe("Patched in batch");
    }

    [Fact]
    public async Task Batch_LinePostedToTheHeadersNavigation_GetsTheServerAssignedReference()
    {
        using var client = await ConnectAsync();
        var line = new { dataAreaId = "hpus", Currency = "USD", LineDescription = "Licences", ReceiveNow = 2m, UnitPrice = 50m, MainAccountDisplayValue = "6300" };

        using var response = await client.PostAsync("data/$batch", Batch(new Changeset(
            new Op("POST", "VendorInvoiceHeaders", NewHeader("B-NAV")), new Op("POST", "$1/VendorInvoiceLine", line), new Op("POST", "$1/VendorInvoiceLine", line))));

        Statuses(await response.Content.ReadAsStringAsync()).ShouldBe(["201", "201", "201"]);
        var reference = (await GetJsonAsync(client, "data/VendorInvoiceHeaders")).GetProperty("value")[0].GetProperty("HeaderReference").GetString();
        (await GetJsonAsync(client, "data/VendorInvoiceLines")).GetProperty("value").EnumerateArray()
            .Select(l => (l.GetProperty("HeaderReference").GetString(), l.GetProperty("InvoiceLineNumber").GetInt64())).ShouldBe([(reference, 1L), (reference, 2L)]);
    }

    [Fact]
    public async Task Batch_WithoutMultipartBoundary_Returns400()
    {
        using var client = await ConnectAsync();

        (await PostJsonAsync(client, "data/$batch", new { })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batch_WithoutToken_Returns401()
    {
        (await Anonymous().PostAsync("data/$batch", Batch(new Op("GET", "LegalEntities")))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
