using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MlConnector.Tests.Infrastructure;

/// <summary>A database's schema as sorted text lines, for comparing two databases.</summary>
public static class SchemaCatalog
{
    public static async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection) => connection switch
    {
        NpgsqlConnection pg => await ReadPostgresAsync(pg),
        SqliteConnection sqlite => await ReadSqliteAsync(sqlite),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    private static async Task<IReadOnlyList<string>> ReadPostgresAsync(NpgsqlConnection db)
    {
        const string notEf = "NOT LIKE '\\_\\_EF%'";
        var lines = new List<string>();
        lines.AddRange(await QueryAsync(db, $"""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                   || ' nullable=' || is_nullable || ' identity=' || is_identity || coalesce(' ' || identity_generation, '')
                   || coalesce(' default=' || column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name {notEf}
            """));
        lines.AddRange(await QueryAsync(db, $"SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename {notEf}"));
        lines.AddRange(await QueryAsync(db, $"""
            SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND (SELECT relname FROM pg_class WHERE oid = conrelid) {notEf}
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
