/** A soft 0.4 s sine beep through Web Audio; silently nothing where audio is unavailable or blocked. */
export function playBeep(): void {
  try {
    const AudioCtx = window.AudioContext;
    if (!AudioCtx) return;
    const audio = new AudioCtx();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = 660;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, audio.currentTime + 0.05);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.4);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.45);
    oscillator.onended = () => void audio.close();
  } catch {
    // No audio (autoplay policy, no device): the banner alone carries the moment.
  }
}
