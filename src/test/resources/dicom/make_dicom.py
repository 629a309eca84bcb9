"""Writes a DICOM photograph with pydicom, for the Java reader's tests (an independent writer).

usage: make_dicom.py RAW WIDTH HEIGHT OUT [--photometric P] [--planar 0|1] [--syntax S] [--sop C]
                     [--sex F|M] [--bits 8|16] [--frames N]
RAW holds WIDTH*HEIGHT*3 bytes of interleaved RGB. YBR_FULL_422 averages the chroma of each
horizontal pixel pair. Monochrome images take the red channel (16-bit:
red * 257, all 16 bits stored). YBR_FULL is converted by pydicom's own convert_color_space.
Syntaxes: explicit, implicit (uncompressed); rle (pydicom's RLE encoder); j2k (a JPEG 2000 marker
stub in an encapsulated fragment: enough for a reader that must refuse the syntax, not decode it).
"""
import argparse

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import (ExplicitVRLittleEndian, ImplicitVRLittleEndian, RLELossless, UID,
                         generate_uid)

SOPS = {
    "vlp": "1.2.840.10008.5.1.4.1.1.77.1.4",
    "derm": "1.2.840.10008.5.1.4.1.1.77.1.7",
    "sc": "1.2.840.10008.5.1.4.1.1.7",
    "ct": "1.2.840.10008.5.1.4.1.1.2",
}
J2K = UID("1.2.840.10008.1.2.4.90")

p = argparse.ArgumentParser()
p.add_argument("raw"); p.add_argument("width", type=int); p.add_argument("height", type=int)
p.add_argument("out")
p.add_argument("--photometric", default="RGB")
p.add_argument("--planar", type=int, default=0)
p.add_argument("--syntax", default="explicit")
p.add_argument("--sop", default="vlp")
p.add_argument("--sex", default="")
p.add_argument("--bits", type=int, default=8)
p.add_argument("--frames", type=int, default=1)
a = p.parse_args()

rgb = np.fromfile(a.raw, dtype=np.uint8).reshape(a.height, a.width, 3)
meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = SOPS[a.sop]
meta.MediaStorageSOPInstanceUID = generate_uid()
meta.TransferSyntaxUID = ImplicitVRLittleEndian if a.syntax == "implicit" else ExplicitVRLittleEndian
ds = FileDataset(a.out, {}, file_meta=meta, preamble=b"\0" * 128)
ds.is_little_endian = True
ds.is_implicit_VR = a.syntax == "implicit"
ds.SOPClassUID = SOPS[a.sop]
ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
ds.Modality = "XC"
ds.PatientSex = a.sex
ds.Rows, ds.Columns = a.height, a.width
ds.PhotometricInterpretation = a.photometric
ds.PixelRepresentation = 0
if a.photometric.startswith("MONOCHROME"):
    grey = rgb[..., 0]
    if a.bits == 16:
        grey = grey.astype(np.uint16) * 257
    ds.SamplesPerPixel = 1
    ds.BitsAllocated = ds.BitsStored = a.bits
    ds.HighBit = a.bits - 1
    data = np.ascontiguousarray(grey).astype("<u2" if a.bits == 16 else np.uint8).tobytes()
else:
    px = rgb
    if a.photometric.startswith("YBR_FULL"):
        from pydicom.pixel_data_handlers.util import convert_color_space
        px = convert_color_space(rgb, "RGB", "YBR_FULL")
    ds.SamplesPerPixel = 3
    ds.PlanarConfiguration = a.planar
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    data = (px.transpose(2, 0, 1) if a.planar else px).tobytes()
    if a.photometric == "YBR_FULL_422":  # Y1 Y2 Cb Cr per horizontal pixel pair, chroma averaged
        pairs = px.reshape(a.height, a.width // 2, 2, 3).astype(np.uint16)
        chroma = ((pairs[:, :, 0, 1:] + pairs[:, :, 1, 1:] + 1) // 2).astype(np.uint8)
        packed = np.concatenate([pairs[:, :, :, 0].astype(np.uint8), chroma], axis=2)
        data = packed.tobytes()
if a.frames != 1:
    ds.NumberOfFrames = a.frames
    data = data * a.frames
ds.PixelData = data

if a.syntax == "rle":
    ds.compress(RLELossless)
elif a.syntax == "j2k":
    from pydicom.encaps import encapsulate
    ds.file_meta.TransferSyntaxUID = J2K
    ds.is_implicit_VR = False
    ds.PixelData = encapsulate([b"\xff\x4f\xff\x51" + b"\0" * 60])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True

try:
    ds.save_as(a.out, enforce_file_format=True)  # pydicom >= 3
except TypeError:
    ds.save_as(a.out, write_like_original=False)  # pydicom 2
