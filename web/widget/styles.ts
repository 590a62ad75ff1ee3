//! The widget's only CSS, inside its shadow root: nothing leaks to the host page and the page's rules stop at the
//! host element (`all: initial`). WhatsApp-like, full screen under 600 px wide.
export function css(color: string, onColor: string): string {
  return `
:host{all:initial!important;position:fixed!important;z-index:2147483000!important;inset:auto!important;width:0!important;height:0!important}
*{box-sizing:border-box}
.root{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#111b21}
.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
[hidden]{display:none!important}
button,input,textarea,a{font:inherit}
:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}
.launcher{position:fixed;bottom:20px;width:60px;height:60px;border-radius:50%;border:0;cursor:pointer;background:${color};color:${onColor};box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}
.right .launcher,.right .panel{right:20px}.left .launcher,.left .panel{left:20px}
.launcher svg{width:30px;height:30px;fill:currentColor}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#c5221f;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}
.panel{position:fixed;bottom:92px;width:370px;height:min(600px,calc(100vh - 112px));display:flex;flex-direction:column;background:#efeae2;border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3)}
header{display:flex;align-items:center;gap:10px;padding:12px 14px;background:${color};color:${onColor}}
header img{width:36px;height:36px;border-radius:50%;object-fit:cover;background:#fff}
header .who{flex:1;min-width:0}
header h2{margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
header p{margin:0;font-size:12px}
.icon{background:transparent;border:0;color:inherit;width:40px;height:40px;border-radius:50%;cursor:pointer;display:flex;align-items:center;justify-content:center;flex:none}
.icon svg{width:22px;height:22px;fill:currentColor}
.notice{background:#fff4ce;color:#3d3100;padding:8px 12px;font-size:13px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px}
.older{align-self:center;background:#fff;border:1px solid #ccd0d4;border-radius:14px;padding:4px 12px;cursor:pointer;color:#111b21}
.msg{max-width:82%;padding:6px 9px 4px;border-radius:8px;background:#fff;align-self:flex-start;box-shadow:0 1px .5px rgba(0,0,0,.13);overflow-wrap:anywhere;white-space:pre-wrap}
.msg.mine{align-self:flex-end;background:#d9fdd3}
.msg.note{align-self:center;background:#fff;max-width:92%;text-align:center}
.msg .author{display:block;font-size:12px;font-weight:600;color:#0b6e4f}
.msg img{display:block;max-width:100%;max-height:240px;border-radius:6px;margin:2px 0}
.msg a{color:#0a58ca}
.meta{display:flex;justify-content:flex-end;gap:4px;font-size:11px;color:#4a5a63;margin-top:2px}
.tick.read{color:#0b67b2;font-weight:700}
.tick.failed{color:#b3261e;font-weight:700}
.buttons{display:flex;flex-direction:column;gap:4px;margin-top:6px}
.buttons button{background:#fff;border:1px solid #b7c2c9;border-radius:6px;padding:6px;color:#0a58ca;cursor:pointer}
.typing{padding:0 14px 6px;font-size:12px;color:#3b4a54;font-style:italic}
.wa{display:block;margin:0 12px 8px;padding:8px;border-radius:8px;background:#fff;color:#0b6e4f;text-align:center;font-weight:600;text-decoration:none;border:1px solid #25d366}
.prechat{padding:12px;background:#fff;display:flex;flex-direction:column;gap:8px;overflow-y:auto}
.prechat h3{margin:0;font-size:15px}
.prechat label{display:flex;flex-direction:column;gap:3px;font-size:13px}
.prechat label.check{flex-direction:row;align-items:flex-start;gap:8px}
.prechat input[type=text],.prechat input[type=email],.prechat input[type=tel]{padding:8px;border:1px solid #8696a0;border-radius:6px}
.primary{background:${color};color:${onColor};border:0;border-radius:8px;padding:9px;font-weight:600;cursor:pointer}
.error{padding:6px 12px;background:#fde7e9;color:#8c1d18;font-size:13px}
.composer{display:flex;align-items:flex-end;gap:6px;padding:8px;background:#f0f2f5}
.composer textarea{flex:1;resize:none;border:1px solid #c3cbd0;border-radius:18px;padding:9px 12px;max-height:120px;min-height:40px;background:#fff;color:#111b21}
.composer .icon{color:#3b4a54}
.composer .send{background:${color};color:${onColor}}
.file{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
footer{font-size:11px;text-align:center;padding:3px;background:#f0f2f5;color:#4a5a63}
[dir=rtl] .send svg{transform:scaleX(-1)}
@media (max-width:600px){.panel{inset:0!important;width:100%;height:100%;border-radius:0}.open .launcher{display:none}}
`;
}
