using System.Net;
using MlConnector.Sandbox.Seed;

namespace MlConnector.Tests.Sandbox.Ramp;

public sealed class RampSyncTests : RampTestBase
{
    private string ReadyTransaction(int skip = 0) => Simulator.Company.Transactions.Where(t => t.State == CardState.Cleared).Skip(skip).First().Id;

    [Fact]
    public async Task Syncs_SuccessfulTransaction_Returns201AndLeavesTheReadyQueue()
    {
        using var client = await ConnectedAsync();
        var id = ReadyTransaction();

        var (status, body) = await SyncAsync(client, "TRANSACTION_SYNC", id);

        status.ShouldBe(HttpStatusCode.Created);
        Guid.TryParse(body.GetProperty("sync_id").GetString(), out _).ShouldBeTrue();
        var transaction = (await GetAsync(client, $"developer/v1/transactions/{id}")).Body;
        transaction.GetProperty("sync_status").GetString().ShouldBe("SYNCED");
        transaction.GetProperty("synced_at").GetString().ShouldNotBeNull();
        (await GetAllAsync(client, "transactions?page_size=100&sync_status=SYNC_READY")).ShouldNotContain(t => t.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Syncs_FailedTransaction_StaysInTheReadyQueue()
    {
        using var client = await ConnectedAsync();
        var id = ReadyTransaction();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs",
            new { idempotency_key = Key(), sync_type = "TRANSACTION_SYNC", failed_syncs = new[] { new { id, error = new { message = "Period closed" } } } });

        status.ShouldBe(HttpStatusCode.Created);
        (await GetAsync(client, $"developer/v1/transactions/{id}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
    }

    [Fact]
    public async Task Syncs_MissingIdempotencyKey_Returns422()
    {
        using var client = await ConnectedAsync();

        var (status, body) = await PostAsync(client, "developer/v1/accounting/syncs",
            new { sync_type = "TRANSACTION_SYNC", successful_syncs = new[] { new { id = ReadyTransaction(), reference_id = "JE-1" } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        ErrorCode(body).ShouldBe("DEVELOPER_7001");
    }

    [Fact]
    public async Task Syncs_ReusedIdempotencyKey_Returns400Developer7005()
    {
        using var client = await ConnectedAsync();
        var key = Key();
        (await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction(0), key)).Status.ShouldBe(HttpStatusCode.Created);

        var (status, body) = await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction(1), key);

        status.ShouldBe(HttpStatusCode.BadRequest);
        ErrorCode(body).ShouldBe("DEVELOPER_7005");
        (await GetAsync(client, $"developer/v1/transactions/{ReadyTransaction(1)}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
    }

    [Fact]
    public async Task Syncs_UnknownSyncType_Returns422()
    {
        using var client = await ConnectedAsync();

        var (status, _) = await SyncAsync(client, "REPAYMENT_SYNC", ReadyTransaction());

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("successful_syncs")]
    [InlineData("failed_syncs")]
    public async Task Syncs_EmptyList_Returns422(string list)
    {
        using var client = await ConnectedAsync();
        var body = new Dictionary<string, object>
        {
            ["idempotency_key"] = Key(), ["sync_type"] = "TRANSACTION_SYNC", [list] = Array.Empty<object>(),
            [list == "successful_syncs" ? "failed_syncs" : "successful_syncs"] = list == "successful_syncs"
                ? new object[] { new { id = ReadyTransaction(), error = new { message = "x" } } }
                : new object[] { new { id = ReadyTransaction(), reference_id = "JE-1" } },
        };

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs", body);

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await GetAsync(client, $"developer/v1/transactions/{ReadyTransaction()}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
    }

    [Fact]
    public async Task Syncs_NoListAtAll_Returns422()
    {
        using var client = await ConnectedAsync();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs", new { idempotency_key = Key(), sync_type = "TRANSACTION_SYNC" });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Syncs_MoreThan5000InAList_Returns422()
    {
        using var client = await ConnectedAsync();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "TRANSACTION_SYNC",
            successful_syncs = Enumerable.Range(0, 5001).Select(i => new { id = Guid.NewGuid(), reference_id = $"JE-{i}" }).ToArray(),
        });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Syncs_FailedSyncWithMessageInsteadOfError_Returns422()
    {
        using var client = await ConnectedAsync();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs",
            new { idempotency_key = Key(), sync_type = "TRANSACTION_SYNC", failed_syncs = new[] { new { id = ReadyTransaction(), message = "Period closed" } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Syncs_SuccessWithoutReferenceId_Returns422()
    {
        using var client = await ConnectedAsync();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs",
            new { idempotency_key = Key(), sync_type = "TRANSACTION_SYNC", successful_syncs = new[] { new { id = ReadyTransaction() } } });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Syncs_OneUnknownId_RejectsTheWholeCallAndAppliesNothing()
    {
        using var client = await ConnectedAsync();
        var ready = ReadyTransaction();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "TRANSACTION_SYNC",
            successful_syncs = new[] { new { id = ready, reference_id = "JE-1" }, new { id = Guid.NewGuid().ToString(), reference_id = "JE-2" } },
        });

        status.ShouldBe(HttpStatusCode.BadRequest);
        (await GetAsync(client, $"developer/v1/transactions/{ready}")).Body.GetProperty("sync_status").GetString().ShouldBe("SYNC_READY");
    }

    [Fact]
    public async Task Syncs_RejectedCall_DoesNotConsumeItsIdempotencyKey()
    {
        using var client = await ConnectedAsync();
        var key = Key();
        (await SyncAsync(client, "TRANSACTION_SYNC", Guid.NewGuid().ToString(), key)).Status.ShouldBe(HttpStatusCode.BadRequest);

        (await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction(), key)).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Syncs_PendingTransaction_IsNotReadyAndRejected()
    {
        using var client = await ConnectedAsync();
        var pending = Simulator.Company.Transactions.First(t => t.State == CardState.Pending).Id;

        var (status, _) = await SyncAsync(client, "TRANSACTION_SYNC", pending);

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Syncs_AlreadySyncedTransaction_IsRejected()
    {
        using var client = await ConnectedAsync();
        (await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction())).Status.ShouldBe(HttpStatusCode.Created);

        (await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction())).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Syncs_SameIdTwiceInOneCall_Returns422()
    {
        using var client = await ConnectedAsync();
        var id = ReadyTransaction();

        var (status, _) = await PostAsync(client, "developer/v1/accounting/syncs", new
        {
            idempotency_key = Key(), sync_type = "TRANSACTION_SYNC",
            successful_syncs = new[] { new { id, reference_id = "JE-1" } }, failed_syncs = new[] { new { id, error = new { message = "x" } } },
        });

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Syncs_WithoutConnection_Returns400()
    {
        using var client = await ClientAsync();

        (await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction())).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Syncs_WithReadOnlyAccountingScope_Returns403()
    {
        using var client = await ClientAsync("accounting:read", "transactions:read");

        (await SyncAsync(client, "TRANSACTION_SYNC", ReadyTransaction())).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Syncs_OtherSyncTypeWithTransactionId_IsRejected()
    {
        using var client = await ConnectedAsync();

        (await SyncAsync(client, "REIMBURSEMENT_SYNC", ReadyTransaction())).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Syncs_SameKeyInParallel_AppliesExactlyOnce()
    {
        using var client = await ConnectedAsync();
        var key = Key();
        var ids = Enumerable.Range(0, 8).Select(ReadyTransaction).ToList();

        var results = await Task.WhenAll(ids.Select(id => SyncAsync(client, "TRANSACTION_SYNC", id, key)));

        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBe(1);
        results.Count(r => r.Status == HttpStatusCode.BadRequest && ErrorCode(r.Body) == "DEVELOPER_7005").ShouldBe(7);
        var synced = await GetAllAsync(client, "transactions?page_size=100&sync_status=SYNCED");
        synced.Count.ShouldBe(1);
    }
}
