using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MlConnector.Tests.Infrastructure;

/// <summary>A database's schema as sorted text lines, for comparing two databases.</summary>
public static class SchemaCatalog
{
    // Table-name conditions (PostgreSQL). Quartz's tables are created by a migration but are not EF's model:
    // the model's schema leaves them out, and they are compared with what Quartz itself creates instead.
    private static string ModelTables(string table) => $"{table} NOT LIKE '\\_\\_EF%' AND {table} NOT LIKE 'qrtz\\_%'";
    private static string QuartzTables(string table) => $"{table} LIKE 'qrtz\\_%'";

    /// <summary>The tables of EF's model (PostgreSQL: without Quartz's).</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection) => connection switch
    {
        NpgsqlConnection pg => await ReadPostgresAsync(pg, ModelTables),
        SqliteConnection sqlite => await ReadSqliteAsync(sqlite),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    /// <summary>Quartz's job-store tables only (PostgreSQL).</summary>
    public static Task<IReadOnlyList<string>> ReadQuartzAsync(NpgsqlConnection connection) => ReadPostgresAsync(connection, QuartzTables);

    private static async Task<IReadOnlyList<string>> ReadPostgresAsync(NpgsqlConnection db, Func<string, string> tables)
    {
        var lines = new List<string>();
        lines.AddRange(await QueryAsync(db, $"""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                   || ' nullable=' || is_nullable || ' identity=' || is_identity || coalesce(' ' || identity_generation, '')
                   || coalesce(' default=' || column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND {tables("table_name")}
            """));
        lines.AddRange(await QueryAsync(db, $"SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND {tables("tablename")}"));
        lines.AddRange(await QueryAsync(db, $"""
            SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND {tables("(SELECT relname FROM pg_class WHERE oid = conrelid)")}
            """));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<IReadOnlyList<string>> ReadSqliteAsync(SqliteConnection db)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(db, "SELECT name || '|' || sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_\\_EF%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%'");
        foreach (var (table, sql) in tables.Select(t => t.Split('|', 2)).Select(p => (p[0], p[1])))
        {
            lines.Add($"table {table} autoincrement={sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase)}");
            lines.AddRange(await QueryAsync(db, $"SELECT 'column {table}.' || name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk || coalesce(' default=' || dflt_value, '') FROM pragma_table_info('{table}')"));
            lines.AddRange(await QueryAsync(db, $"SELECT 'fk {table}.' || \"from\" || ' -> ' || \"table\" || '.' || \"to\" || ' delete=' || on_delete FROM pragma_foreign_key_list('{table}')"));
            foreach (var index in await QueryAsync(db, $"SELECT name || '|' || \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'"))
            {
                var (name, unique) = (index.Split('|')[0], index.Split('|')[1]);
                var columns = await QueryAsync(db, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno");
                lines.Add($"index {table}.{name} unique={unique} ({string.Join(", ", columns)})");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> QueryAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
