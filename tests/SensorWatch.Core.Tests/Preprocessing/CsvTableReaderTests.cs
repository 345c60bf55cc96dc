using System.IO.Compression;
using SensorWatch.Core.Preprocessing;

namespace SensorWatch.Core.Tests.Preprocessing;

public sealed class CsvTableReaderTests
{
    [Fact]
    public void Read_HeaderWithTimestampAndMissingCells_ParsesValuesAndNaN()
    {
        const string Csv = "temp,timestamp,flow\n1.5,2026-01-01T00:00:00Z,3\n,2026-01-01T00:01:00Z,null\n2.5,2026-01-01T00:02:00Z,NaN\n";
        SensorTable table = CsvTableReader.Read(new StringReader(Csv), "t.csv");
        Assert.Equal(["temp", "flow"], table.FeatureNames);
        Assert.Equal(3, table.RowCount);
        Assert.Equal("2026-01-01T00:01:00Z", table.Timestamps[1]);
        Assert.Equal(1.5f, table.Values[0]);
        Assert.Equal(3f, table.Values[1]);
        Assert.True(float.IsNaN(table.Values[2]) && float.IsNaN(table.Values[3]) && float.IsNaN(table.Values[5]));
    }

    [Fact]
    public void Read_HeaderlessSmdRowsFromGzip_NamesFeaturesAndIndexesRows()
    {
        string path = Path.Combine(Path.GetTempPath(), $"smd-{Guid.NewGuid():N}.txt.gz");
        try
        {
            using (GZipStream gz = new(File.Create(path), CompressionLevel.Fastest))
            using (StreamWriter writer = new(gz))
            {
                writer.Write("0.1,0,0.5\n0.2,0,0.25\n");
            }

            SensorTable table = CsvTableReader.Read(path);
            Assert.Equal(["f1", "f2", "f3"], table.FeatureNames);
            Assert.Equal(["0", "1"], table.Timestamps);
            Assert.Equal([0.1f, 0f, 0.5f, 0.2f, 0f, 0.25f], table.Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_TextInNumericColumn_ThrowsNamingLineAndColumn()
    {
        const string Csv = "timestamp,a,b\nt0,1,2\nt1,1,oops\n";
        SensorDataException error = Assert.Throws<SensorDataException>(() => CsvTableReader.Read(new StringReader(Csv), "bad.csv"));
        Assert.Contains("bad.csv:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("oops", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RowWithWrongWidth_ThrowsNamingExpectedAndFound()
    {
        const string Csv = "timestamp,a,b\nt0,1,2\nt1,1\n";
        SensorDataException error = Assert.Throws<SensorDataException>(() => CsvTableReader.Read(new StringReader(Csv), "w.csv"));
        Assert.Contains("w.csv:3: expected 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsSensorDataException()
    {
        Assert.Throws<SensorDataException>(() => CsvTableReader.Read("/nonexistent/x.csv"));
    }
}
