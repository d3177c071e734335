using EId.ModelImport.Protobuf;

namespace EId.ModelImport.Onnx;

/// <summary>
/// Serialises <see cref="OnnxModel"/> to the ONNX protobuf format. Field numbers follow onnx.proto
/// (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, OperatorSetIdProto).
/// </summary>
public static class OnnxWriter
{
    /// <summary>The model as ONNX protobuf bytes.</summary>
    public static byte[] Serialize(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = new ProtoWriter();
        w.WriteInt64(1, OnnxModel.IrVersion);                // ModelProto.ir_version
        w.WriteString(2, "EId.ModelImport");                 // producer_name
        w.WriteString(3, "0.1.0");                           // producer_version
        w.WriteMessage(7, g => WriteGraph(g, model));        // graph
        w.WriteMessage(8, o =>                               // opset_import
        {
            o.WriteString(1, string.Empty);
            o.WriteInt64(2, model.Opset);
        });
        foreach (var (key, value) in model.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteMessage(14, m =>                          // metadata_props (StringStringEntryProto)
            {
                m.WriteString(1, key);
                m.WriteString(2, value);
            });
        }

        return w.ToArray();
    }

    private static void WriteGraph(ProtoWriter g, OnnxModel model)
    {
        foreach (var node in model.Nodes)
        {
            g.WriteMessage(1, n => WriteNode(n, node));
        }

        g.WriteString(2, model.GraphName);
        foreach (var t in model.Initializers)
        {
            g.WriteMessage(5, tw => WriteTensor(tw, t));
        }

        foreach (var i in model.Inputs)
        {
            g.WriteMessage(11, v => WriteValueInfo(v, i));
        }

        foreach (var o in model.Outputs)
        {
            g.WriteMessage(12, v => WriteValueInfo(v, o));
        }
    }

    private static void WriteNode(ProtoWriter n, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            n.WriteString(1, input);
        }

        foreach (var output in node.Outputs)
        {
            n.WriteString(2, output);
        }

        n.WriteString(3, node.Name);
        n.WriteString(4, node.OpType);
        foreach (var a in node.Attributes)
        {
            n.WriteMessage(5, aw => WriteAttribute(aw, a));
        }
    }

    private static void WriteAttribute(ProtoWriter a, OnnxAttribute attribute)
    {
        a.WriteString(1, attribute.Name);
        if (attribute.Float is { } f)
        {
            a.WriteFloat(2, f);
            a.WriteInt64(20, 1);   // AttributeType.FLOAT
        }
        else if (attribute.Int is { } i)
        {
            a.WriteInt64(3, i);
            a.WriteInt64(20, 2);   // INT
        }
        else if (attribute.String is { } s)
        {
            a.WriteString(4, s);
            a.WriteInt64(20, 3);   // STRING
        }
        else if (attribute.Ints is { } ints)
        {
            a.WritePackedInt64(8, ints);
            a.WriteInt64(20, 7);   // INTS
        }
    }

    private static void WriteTensor(ProtoWriter t, OnnxTensor tensor)
    {
        if (tensor.Dims.Length > 0)
        {
            t.WritePackedInt64(1, tensor.Dims);
        }

        t.WriteInt64(2, (long)tensor.DataType);
        t.WriteString(8, tensor.Name);
        t.WriteBytes(9, tensor.RawData);
    }

    private static void WriteValueInfo(ProtoWriter v, OnnxValueInfo info)
    {
        v.WriteString(1, info.Name);
        v.WriteMessage(2, type => type.WriteMessage(1, tensorType =>   // TypeProto.tensor_type
        {
            tensorType.WriteInt64(1, (long)info.DataType);             // elem_type
            if (info.Shape is { } shape)
            {
                tensorType.WriteMessage(2, s =>                          // TensorShapeProto
                {
                    foreach (var dim in shape)
                    {
                        s.WriteMessage(1, d =>
                        {
                            if (dim is { } value)
                            {
                                d.WriteInt64(1, value);
                            }
                            else
                            {
                                d.WriteString(2, "batch");
                            }
                        });
                    }
                });
            }
        }));
    }
}
