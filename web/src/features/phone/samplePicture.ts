//! A small picture for "send a photo" without a file: drawn on a canvas, so every one looks a little different.

/** Base64 PNG bytes, or null where there is no canvas (the simulator then sends its own 1x1 PNG). */
export function samplePictureBase64(now = new Date()): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 200;
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    return null;
  }
  if (!ctx) return null;
  const hue = (now.getSeconds() * 6) % 360;
  const gradient = ctx.createLinearGradient(0, 0, 320, 200);
  gradient.addColorStop(0, `hsl(${hue} 80% 60%)`);
  gradient.addColorStop(1, `hsl(${(hue + 60) % 360} 80% 45%)`);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 320, 200);
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.beginPath();
  ctx.arc(250, 60, 28, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = 'rgba(15,23,42,0.35)';
  ctx.beginPath();
  ctx.moveTo(0, 200);
  ctx.lineTo(110, 90);
  ctx.lineTo(200, 170);
  ctx.lineTo(250, 130);
  ctx.lineTo(320, 200);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.font = 'bold 20px sans-serif';
  ctx.fillText(now.toLocaleTimeString('en-GB'), 16, 34);
  const url = canvas.toDataURL('image/png');
  const comma = url.indexOf(',');
  return url.startsWith('data:image/png') && comma > 0 ? url.slice(comma + 1) : null;
}

/** A file's bytes as base64 (without the data: prefix). */
export function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}
