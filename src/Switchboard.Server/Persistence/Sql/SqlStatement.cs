using System.Data.Common;
using System.Text.RegularExpressions;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// A hand-written statement with named parameters (<c>@name</c>, understood by both providers), found in its text,
/// so a statement's parameters are exactly those it names. Statements are static and compared by reference, so a
/// pooled connection can keep each one prepared.
/// </summary>
internal sealed partial class SqlStatement
{
    public SqlStatement(string text)
        : this(text, [.. ParameterPattern().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal)])
    {
    }

    private SqlStatement(string text, IReadOnlyList<string> parameterNames)
    {
        Text = text;
        ParameterNames = parameterNames;
    }

    public string Text { get; }

    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>A script run as written (a migration): no parameters, whatever its text holds.</summary>
    public static SqlStatement Script(string text) => new(text, []);

    /// <summary>A new command for this statement on <paramref name="connection"/>, its parameters created and unset.</summary>
    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = Text;
        command.Transaction = transaction;
        foreach (var name in ParameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public override string ToString() => Text;

    [GeneratedRegex("@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterPattern();
}
