using HtapRouter.Router.Routing;

namespace HtapRouter.Router.Tests.Routing;

/// <summary>The details of transaction and session commands a session needs to keep its backends in step.</summary>
public class QueryClassifierCommandsTests
{
    [Fact]
    public async Task Classify_BeginWithModes_ReadsEveryMode()
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var query = classifier.Classify("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE");

        Assert.Equal(
            new TransactionCommand(TransactionCommandKind.Begin, new TransactionModes(TransactionIsolation.Serializable, true, true), null, false),
            query.Transaction);
    }

    [Theory]
    [InlineData("BEGIN", null, null)]
    [InlineData("BEGIN READ ONLY", null, true)]
    [InlineData("START TRANSACTION READ WRITE", null, false)]
    [InlineData("BEGIN ISOLATION LEVEL REPEATABLE READ", TransactionIsolation.RepeatableRead, null)]
    [InlineData("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED READ WRITE", TransactionIsolation.ReadCommitted, false)]
    [InlineData("START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED", TransactionIsolation.ReadUncommitted, null)]
    public async Task Classify_Begin_ReadsIsolationAndAccessMode(string sql, TransactionIsolation? isolation, bool? readOnly)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var modes = classifier.Classify(sql).Transaction!.Modes;

        Assert.Equal((isolation, readOnly), (modes.Isolation, modes.ReadOnly));
    }

    [Theory]
    [InlineData("COMMIT", TransactionCommandKind.Commit, null, false)]
    [InlineData("COMMIT AND CHAIN", TransactionCommandKind.Commit, null, true)]
    [InlineData("ABORT", TransactionCommandKind.Rollback, null, false)]
    [InlineData("ROLLBACK AND CHAIN", TransactionCommandKind.Rollback, null, true)]
    [InlineData("SAVEPOINT s1", TransactionCommandKind.Savepoint, "s1", false)]
    [InlineData("RELEASE s1", TransactionCommandKind.Release, "s1", false)]
    [InlineData("ROLLBACK TO SAVEPOINT s1", TransactionCommandKind.RollbackTo, "s1", false)]
    [InlineData("PREPARE TRANSACTION 'g1'", TransactionCommandKind.PrepareTransaction, "g1", false)]
    [InlineData("COMMIT PREPARED 'g1'", TransactionCommandKind.CommitPrepared, "g1", false)]
    [InlineData("ROLLBACK PREPARED 'g1'", TransactionCommandKind.RollbackPrepared, "g1", false)]
    public async Task Classify_TransactionControl_NamesCommand(string sql, TransactionCommandKind kind, string? name, bool chain)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var command = classifier.Classify(sql).Transaction!;

        Assert.Equal((kind, name, chain), (command.Kind, command.Name, command.Chain));
    }

    [Theory]
    [InlineData("SET search_path TO app, \"$user\", public", SessionCommandKind.Set, "search_path", "app, $user, public", false)]
    [InlineData("SET LOCAL statement_timeout = '5s'", SessionCommandKind.Set, "statement_timeout", "5s", true)]
    [InlineData("SET SESSION work_mem = 65536", SessionCommandKind.Set, "work_mem", "65536", false)]
    [InlineData("set enable_seqscan = off", SessionCommandKind.Set, "enable_seqscan", "off", false)]
    [InlineData("SET TIME ZONE 'UTC'", SessionCommandKind.Set, "timezone", "UTC", false)]
    [InlineData("SET work_mem TO DEFAULT", SessionCommandKind.Set, "work_mem", null, false)]
    [InlineData("RESET work_mem", SessionCommandKind.Reset, "work_mem", null, false)]
    [InlineData("RESET ALL", SessionCommandKind.ResetAll, null, null, false)]
    [InlineData("DISCARD PLANS", SessionCommandKind.DiscardPlans, null, null, false)]
    [InlineData("DISCARD SEQUENCES", SessionCommandKind.DiscardSequences, null, null, false)]
    [InlineData("PREPARE q AS SELECT 1", SessionCommandKind.Prepare, "q", null, false)]
    [InlineData("DEALLOCATE PREPARE q", SessionCommandKind.Deallocate, "q", null, false)]
    [InlineData("DEALLOCATE ALL", SessionCommandKind.DeallocateAll, null, null, false)]
    [InlineData("LISTEN jobs", SessionCommandKind.Listen, "jobs", null, false)]
    [InlineData("UNLISTEN jobs", SessionCommandKind.Unlisten, "jobs", null, false)]
    [InlineData("UNLISTEN *", SessionCommandKind.Unlisten, null, null, false)]
    public async Task Classify_SessionCommand_NamesSettingAndValue(string sql, SessionCommandKind kind, string? name, string? value, bool isLocal)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var command = classifier.Classify(sql).Session!;

        Assert.Equal((kind, name, value, isLocal), (command.Kind, command.Name, command.Value, command.IsLocal));
    }

    [Theory]
    [InlineData("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", SessionCommandKind.SetTransaction, TransactionIsolation.Serializable, null)]
    [InlineData("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", SessionCommandKind.SetSessionCharacteristics, null, true)]
    public async Task Classify_SetTransaction_ReadsModes(string sql, SessionCommandKind kind, TransactionIsolation? isolation, bool? readOnly)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        var command = classifier.Classify(sql).Session!;

        Assert.Equal((kind, isolation, readOnly), (command.Kind, command.Modes.Isolation, command.Modes.ReadOnly));
    }

    [Theory]
    [InlineData("SET transaction_read_only = off", QueryTarget.Primary)]
    [InlineData("SET transaction_read_only TO false", QueryTarget.Primary)]
    [InlineData("SET transaction_read_only = 'of'", QueryTarget.Primary)]
    [InlineData("SET transaction_read_only = 0", QueryTarget.Primary)]
    [InlineData("SET transaction_read_only = on", QueryTarget.AllBackends)]
    [InlineData("SET default_transaction_read_only = off", QueryTarget.AllBackends)]
    public async Task Classify_SetTransactionReadOnly_GoesToPrimaryOnlyWhenTurnedOff(string sql, QueryTarget target)
    {
        var classifier = await TestCatalogs.ClassifierAsync();

        Assert.Equal(target, classifier.Classify(sql).Target);
    }
}
