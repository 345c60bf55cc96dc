using System.Runtime.InteropServices;
using SensorWatch.Core.Model;

namespace SensorWatch.PeerBenchmarks;

/// <summary>
/// Writes the single-layer autoencoder as an ONNX model (opset 17, two ONNX <c>LSTM</c> ops, time-major) from our
/// parameters. Only the few messages needed are encoded: ModelProto, GraphProto, NodeProto, AttributeProto,
/// TensorProto, ValueInfoProto (field numbers from onnx/onnx.proto). ONNX gate order is (i, o, f, c); ours is (i, f, g, o).
/// </summary>
internal static class OnnxModelWriter
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    public static byte[] Write(AutoencoderArchitecture a, IReadOnlyList<NamedTensor> parameters)
    {
        int d = a.Features, t = a.WindowLength, h = a.Hidden, z = a.Latent;
        float[] P(string name) => parameters.Single(p => p.Name == name).Data;
        var graph = new ProtoWriter().String(2, "sensorwatch_autoencoder");

        // Encoder over x (B, T, D) → time-major (T, B, D); Y_h (1, B, H) → (B, H).
        graph.Message(1, Node("Transpose", ["x"], ["x_tbd"], IntsAttr("perm", [1, 0, 2])));
        graph.Message(5, Tensor("enc_W", [1, 4 * h, d], LstmWeights(P("encoder.0.wx"), d, h)));
        graph.Message(5, Tensor("enc_R", [1, 4 * h, h], LstmWeights(P("encoder.0.wh"), h, h)));
        graph.Message(5, Tensor("enc_B", [1, 8 * h], LstmBias(P("encoder.0.b"), h)));
        graph.Message(1, Node("LSTM", ["x_tbd", "enc_W", "enc_R", "enc_B"], ["", "enc_h"], IntAttr("hidden_size", h)));
        graph.Message(5, Int64Tensor("shape_bh", [2], [-1, h]));
        graph.Message(1, Node("Reshape", ["enc_h", "shape_bh"], ["enc_h2"]));

        // Latent z = h_T·Wz + bz (B, Z), repeated over the T steps: (T, B, Z).
        graph.Message(5, Tensor("lat_W", [h, z], P("latent.w")));
        graph.Message(5, Tensor("lat_b", [z], P("latent.b")));
        graph.Message(1, Node("Gemm", ["enc_h2", "lat_W", "lat_b"], ["z"]));
        graph.Message(5, Int64Tensor("shape_1bz", [3], [1, -1, z]));
        graph.Message(1, Node("Reshape", ["z", "shape_1bz"], ["z3"]));
        graph.Message(5, Int64Tensor("shape_t11", [3], [t, 1, 1]));
        graph.Message(1, Node("Expand", ["z3", "shape_t11"], ["zt"]));

        // Decoder: Y (T, 1, B, H) → (T, B, H) → (B, T, H) → ·Wo + bo → (B, T, D).
        graph.Message(5, Tensor("dec_W", [1, 4 * h, z], LstmWeights(P("decoder.0.wx"), z, h)));
        graph.Message(5, Tensor("dec_R", [1, 4 * h, h], LstmWeights(P("decoder.0.wh"), h, h)));
        graph.Message(5, Tensor("dec_B", [1, 8 * h], LstmBias(P("decoder.0.b"), h)));
        graph.Message(1, Node("LSTM", ["zt", "dec_W", "dec_R", "dec_B"], ["dec_y"], IntAttr("hidden_size", h)));
        graph.Message(5, Int64Tensor("shape_tbh", [3], [t, -1, h]));
        graph.Message(1, Node("Reshape", ["dec_y", "shape_tbh"], ["dec_y3"]));
        graph.Message(1, Node("Transpose", ["dec_y3"], ["dec_bth"], IntsAttr("perm", [1, 0, 2])));
        graph.Message(5, Tensor("out_W", [h, d], P("output.w")));
        graph.Message(5, Tensor("out_b", [d], P("output.b")));
        graph.Message(1, Node("MatMul", ["dec_bth", "out_W"], ["y0"]));
        graph.Message(1, Node("Add", ["y0", "out_b"], ["y"]));

        graph.Message(11, ValueInfo("x", ["B", t.ToString(), d.ToString()]));
        graph.Message(12, ValueInfo("y", ["B", t.ToString(), d.ToString()]));
        return new ProtoWriter()
            .Int(1, 8)                                            // ir_version
            .String(2, "SensorWatch.PeerBenchmarks")              // producer_name
            .Message(7, graph)                                    // graph
            .Message(8, new ProtoWriter().String(1, string.Empty).Int(2, 17))   // opset_import
            .ToArray();
    }

    /// <summary>Ours (Din, 4H) in gate order (i, f, g, o) → ONNX (4H, Din) in (i, o, f, c).</summary>
    private static float[] LstmWeights(float[] w, int din, int h)
    {
        int[] source = [0, 3, 1, 2];   // ONNX block k takes our block source[k]
        var result = new float[4 * h * din];
        for (int k = 0; k < 4; k++)
        {
            for (int j = 0; j < h; j++)
            {
                for (int i = 0; i < din; i++)
                {
                    result[(((k * h) + j) * din) + i] = w[(i * 4 * h) + (source[k] * h) + j];
                }
            }
        }

        return result;
    }

    private static float[] LstmBias(float[] b, int h)
    {
        int[] source = [0, 3, 1, 2];
        var result = new float[8 * h];   // [Wb (4H) | Rb (4H) = 0]
        for (int k = 0; k < 4; k++)
        {
            Array.Copy(b, source[k] * h, result, k * h, h);
        }

        return result;
    }

    private static ProtoWriter Tensor(string name, long[] dims, float[] data)
    {
        var tensor = new ProtoWriter();
        foreach (long dim in dims)
        {
            tensor.Int(1, dim);
        }

        return tensor.Int(2, FloatType).String(8, name).Bytes(9, MemoryMarshal.AsBytes(data.AsSpan()));
    }

    private static ProtoWriter Int64Tensor(string name, long[] dims, long[] data)
    {
        var tensor = new ProtoWriter();
        foreach (long dim in dims)
        {
            tensor.Int(1, dim);
        }

        return tensor.Int(2, Int64Type).String(8, name).Bytes(9, MemoryMarshal.AsBytes(data.AsSpan()));
    }

    private static ProtoWriter Node(string op, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        foreach (string output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, op + "_" + outputs[^1]).String(4, op);
        foreach (ProtoWriter attribute in attributes)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    private static ProtoWriter IntsAttr(string name, long[] values)
    {
        var attribute = new ProtoWriter().String(1, name);
        foreach (long value in values)
        {
            attribute.Int(8, value);
        }

        return attribute.Int(20, 7);
    }

    private static ProtoWriter IntAttr(string name, long value) => new ProtoWriter().String(1, name).Int(3, value).Int(20, 2);

    private static ProtoWriter ValueInfo(string name, string[] dims)
    {
        var shape = new ProtoWriter();
        foreach (string dim in dims)
        {
            shape.Message(1, long.TryParse(dim, out long value) ? new ProtoWriter().Int(1, value) : new ProtoWriter().String(2, dim));
        }

        var tensorType = new ProtoWriter().Int(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
